/// How a SEG's frames are indexed and tied to the source (PS3.3 C.7.6.16, C.8.20.2): by segment and, with a
/// Frame of Reference, by plane position; every frame names its source slice in its Derivation Image.
struct FrameLayout {
    let reference: DICOMSourceReference
    let dimensionOrganization = DICOMUID.make()

    init(_ reference: DICOMSourceReference) { self.reference = reference }

    /// Positions index a volume only when the source is in a patient coordinate system and every slice has one.
    var usesPositions: Bool {
        reference.frameOfReferenceUID != nil && reference.orientation != nil
            && reference.slices.allSatisfy { $0.position != nil }
    }

    /// Dimension Organization and Dimension Index sequences.
    var dimensions: [DICOMWriteElement] {
        var indices: [[DICOMWriteElement]] = [index(pointer: (0x0062, 0x000B), group: (0x0062, 0x000A),
                                                     label: "Segment Number")]
        if usesPositions {
            indices.append(index(pointer: (0x0020, 0x0032), group: (0x0020, 0x9113), label: "Image Position Patient"))
        }
        return [DICOMWriteElement(0x0020, 0x9221, sequence: [[DICOMWriteElement(0x0020, 0x9164, .UI, dimensionOrganization)]]),
                DICOMWriteElement(0x0020, 0x9222, sequence: indices)]
    }

    /// Pixel Measures and Plane Orientation, shared by every frame, when the source is in patient space.
    var shared: [DICOMWriteElement] {
        guard reference.frameOfReferenceUID != nil else { return [] }
        var elements: [DICOMWriteElement] = []
        if let spacing = reference.pixelSpacing {
            var measures = [DICOMWriteElement.decimals(0x0028, 0x0030, spacing)]
            if let thickness = reference.sliceThickness { measures.append(.decimals(0x0018, 0x0050, [thickness])) }
            elements.append(DICOMWriteElement(0x0028, 0x9110, sequence: [measures]))
        }
        if let orientation = reference.orientation {
            elements.append(DICOMWriteElement(0x0020, 0x9116, sequence: [[.decimals(0x0020, 0x0037, orientation)]]))
        }
        return elements
    }

    func perFrame(segment: Int, slice: Int) -> [DICOMWriteElement] {
        let source = reference.slices[slice]
        var indexValues = [segment]
        if usesPositions { indexValues.append(slice + 1) }
        var sourceImage: [DICOMWriteElement] = [
            DICOMWriteElement(0x0008, 0x1150, .UI, source.sopClassUID),
            DICOMWriteElement(0x0008, 0x1155, .UI, source.sopInstanceUID),
            // The frame is the source slice pixel for pixel (the prediction is mapped back to the source grid).
            DICOMWriteElement(0x0028, 0x135A, .CS, "YES"),
            DICOMWriteElement(0x0040, 0xA170, sequence: [DICOMSegmentation.code("121322", "DCM",
                                                                                 "Source image for image processing operation")]),
        ]
        if let frame = source.frameNumber { sourceImage.append(DICOMWriteElement(0x0008, 0x1160, .IS, String(frame))) }
        var elements: [DICOMWriteElement] = [
            DICOMWriteElement(0x0008, 0x9124, sequence: [[
                DICOMWriteElement(0x0008, 0x2112, sequence: [sourceImage]),
                DICOMWriteElement(0x0008, 0x9215, sequence: [DICOMSegmentation.code("113076", "DCM", "Segmentation")]),
            ]]),
            DICOMWriteElement(0x0020, 0x9111, sequence: [[DICOMWriteElement(0x0020, 0x9157, .UL,
                                                                            bytes: indexValues.flatMap { DICOMWriteElement.littleEndian(UInt32($0)) })]]),
            DICOMWriteElement(0x0062, 0x000A, sequence: [[.unsignedShort(0x0062, 0x000B, segment)]]),
        ]
        if usesPositions, let position = source.position {
            elements.append(DICOMWriteElement(0x0020, 0x9113, sequence: [[.decimals(0x0020, 0x0032, position)]]))
        }
        return elements
    }

    private func index(pointer: (UInt16, UInt16), group: (UInt16, UInt16), label: String) -> [DICOMWriteElement] {
        [DICOMWriteElement(0x0020, 0x9164, .UI, dimensionOrganization),
         .attributeTag(0x0020, 0x9165, pointingAt: pointer),
         .attributeTag(0x0020, 0x9167, pointingAt: group),
         DICOMWriteElement(0x0020, 0x9421, .LO, label)]
    }
}
