import Foundation
import Imaging
import XCTest
@testable import Ingest

/// The DIMSE door's protocol layer without sockets: PDUs, command sets, negotiation and the association state
/// machine, as postgres-nio tests its protocol layer.
final class DIMSEProtocolTests: XCTestCase {
    static let ct = "1.2.840.10008.5.1.4.1.1.2"
    static let explicit = "1.2.840.10008.1.2.1"
    static let jpegBaseline = "1.2.840.10008.1.2.4.50"
    let policy = AssociationPolicy(aeTitle: "SCANSELECT", allowedCallingAETitles: ["MODALITY"])

    func request(called: String = "SCANSELECT", calling: String = "MODALITY",
                 contexts: [AssociateRequest.PresentationContext]) -> AssociateRequest {
        var request = AssociateRequest(calledAETitle: called, callingAETitle: calling, presentationContexts: contexts)
        request.maximumLength = 16384
        request.implementationClassUID = "1.2.3.4"
        return request
    }

    func testPDUsSurviveEncodingAndParsing() throws {
        let original = request(contexts: [.init(id: 1, abstractSyntax: Self.ct, transferSyntaxes: [Self.explicit, Self.jpegBaseline])])
        let pdus: [PDU] = [
            .associateRequest(original), .associateReject(result: 1, source: 1, reason: 3),
            .data([.init(contextID: 1, isCommand: true, isLast: false, bytes: [1, 2, 3]),
                   .init(contextID: 1, isCommand: false, isLast: true, bytes: [4])]),
            .releaseRequest, .releaseResponse, .abort(source: 2, reason: 6),
        ]
        for pdu in pdus {
            let bytes = pdu.encoded()
            let length = bytes[2..<6].reduce(0) { $0 << 8 | Int($1) }
            XCTAssertEqual(length, bytes.count - 6)
            XCTAssertEqual(try PDU.parse(type: bytes[0], body: Array(bytes[6...])), pdu)
        }
    }

    func testTruncatedAndUnknownPDUsAreTypedErrors() {
        let bytes = PDU.associateRequest(request(contexts: [])).encoded()
        XCTAssertThrowsError(try PDU.parse(type: 1, body: Array(bytes[6..<40])))
        XCTAssertThrowsError(try PDU.parse(type: 4, body: [0, 0, 0, 9, 1]), "a PDV longer than its PDU")
        XCTAssertThrowsError(try PDU.parse(type: 0x42, body: []))
    }

    func testNegotiationRefusesStrangersAndPicksTheFirstDecodableSyntax() throws {
        let seg = "1.2.840.10008.5.1.4.1.1.66.4"
        let contexts: [AssociateRequest.PresentationContext] = [
            .init(id: 1, abstractSyntax: Self.ct, transferSyntaxes: [Self.jpegBaseline, Self.explicit]),
            .init(id: 3, abstractSyntax: seg, transferSyntaxes: [Self.explicit]),
            .init(id: 5, abstractSyntax: Self.ct, transferSyntaxes: ["1.2.840.10008.1.2.4.100"]),
            .init(id: 7, abstractSyntax: AssociationPolicy.verification, transferSyntaxes: ["1.2.840.10008.1.2"]),
        ]
        guard case let .accept(answer, accepted) = policy.negotiate(request(contexts: contexts)) else {
            return XCTFail("a known caller must be accepted")
        }
        XCTAssertEqual(answer.results.map(\.result), [0, 0, 4, 0],
                       "accepted, SEG accepted (a label for a pool scan), MPEG refused, echo accepted")
        XCTAssertEqual(accepted[1]?.transferSyntax, Self.jpegBaseline, "the caller's first choice, which we decode")
        XCTAssertEqual(accepted[3]?.transferSyntax, Self.explicit)
        XCTAssertEqual(answer.maximumLength, policy.maximumLength)
        if case let .reject(_, _, reason, _) = policy.negotiate(request(called: "OTHER", contexts: contexts)) {
            XCTAssertEqual(reason, 7)
        } else { XCTFail("a wrong called AE title must be rejected") }
        if case let .reject(_, _, reason, _) = policy.negotiate(request(calling: "STRANGER", contexts: contexts)) {
            XCTAssertEqual(reason, 3)
        } else { XCTFail("a calling AE title off the allow-list must be rejected") }
    }

    func testAStoreArrivesInFragmentsAndIsAnsweredWithItsStatus() throws {
        var machine = AssociationStateMachine(policy: policy)
        let accepted = machine.received(.associateRequest(request(contexts: [
            .init(id: 1, abstractSyntax: Self.ct, transferSyntaxes: [Self.explicit]),
        ])))
        guard case .send(.associateAccept) = accepted.first else { return XCTFail("\(accepted)") }
        var command = DIMSECommand(commandField: DIMSECommand.Field.cStoreRequest)
        command.messageID = 7
        command.affectedSOPClassUID = Self.ct
        command.affectedSOPInstanceUID = "1.2.3.4"
        command.dataSetType = 0
        command.priority = 0
        let bytes = command.encoded()
        XCTAssertEqual(try DIMSECommand.parse(bytes), command)
        XCTAssertEqual(machine.received(.data([.init(contextID: 1, isCommand: true, isLast: false, bytes: Array(bytes.prefix(10)))])), [])
        XCTAssertEqual(machine.received(.data([.init(contextID: 1, isCommand: true, isLast: true, bytes: Array(bytes.dropFirst(10)))])), [])
        XCTAssertEqual(machine.received(.data([.init(contextID: 1, isCommand: false, isLast: false, bytes: [1, 2])])), [])
        let actions = machine.received(.data([.init(contextID: 1, isCommand: false, isLast: true, bytes: [3, 4])]))
        guard case .store(let store) = actions.first else { return XCTFail("\(actions)") }
        XCTAssertEqual(store.dataSet, [1, 2, 3, 4])
        XCTAssertEqual(store.transferSyntax, Self.explicit)
        XCTAssertEqual(store.messageID, 7)
        guard case .send(.data(let values)) = machine.stored(store, status: 0xA700).first else { return XCTFail() }
        let response = try DIMSECommand.parse(values[0].bytes)
        XCTAssertEqual(response.commandField, DIMSECommand.Field.cStoreResponse)
        XCTAssertEqual(response.messageIDBeingRespondedTo, 7)
        XCTAssertEqual(response.status, 0xA700)
        XCTAssertEqual(response.affectedSOPInstanceUID, "1.2.3.4")
        XCTAssertEqual(machine.received(.releaseRequest), [.sendAndClose(.releaseResponse)])
    }

    func testProtocolViolationsAbort() {
        var early = AssociationStateMachine(policy: policy)
        XCTAssertEqual(early.received(.data([])), [.sendAndClose(.abort(source: 2, reason: PDU.AbortReason.unexpectedPDU))])
        XCTAssertEqual(early.received(.releaseRequest), [], "nothing more once closed")

        var machine = AssociationStateMachine(policy: policy)
        _ = machine.received(.associateRequest(request(contexts: [.init(id: 1, abstractSyntax: Self.ct, transferSyntaxes: [Self.explicit])])))
        let stray = machine.received(.data([.init(contextID: 9, isCommand: true, isLast: true, bytes: [])]))
        XCTAssertEqual(stray, [.sendAndClose(.abort(source: 2, reason: PDU.AbortReason.invalidParameter))])
        XCTAssertNotNil(machine.failure)

        var idle = AssociationStateMachine(policy: policy)
        XCTAssertEqual(idle.timedOut(), [.sendAndClose(.abort(source: 2, reason: 0))])
    }

    func testAnEchoIsAnsweredAndAnUnknownCommandIsUnrecognized() throws {
        var machine = AssociationStateMachine(policy: policy)
        _ = machine.received(.associateRequest(request(contexts: [
            .init(id: 1, abstractSyntax: AssociationPolicy.verification, transferSyntaxes: ["1.2.840.10008.1.2"]),
        ])))
        for (field, status) in [(DIMSECommand.Field.cEchoRequest, UInt16(0)), (UInt16(0x0020), UInt16(0x0211))] {
            var command = DIMSECommand(commandField: field)
            command.messageID = 1
            command.affectedSOPClassUID = AssociationPolicy.verification
            let actions = machine.received(.data([.init(contextID: 1, isCommand: true, isLast: true, bytes: command.encoded())]))
            guard case .send(.data(let values)) = actions.first else { return XCTFail("\(actions)") }
            let response = try DIMSECommand.parse(values[0].bytes)
            XCTAssertEqual(response.commandField, field | 0x8000)
            XCTAssertEqual(response.status, status)
        }
    }

    func testAReceivedDataSetBecomesAPart10FileThatReadsBack() throws {
        let path = "/usr/lib/python3/dist-packages/pydicom/data/test_files/CT_small.dcm"
        guard let original = FileManager.default.contents(atPath: path).map({ [UInt8]($0) }) else {
            throw XCTSkip("pydicom's test files are not installed")
        }
        // Meta group length (0002,0000) value sits right after "DICM" and its 8-byte element header.
        let metaLength = Int(original[140]) | Int(original[141]) << 8 | Int(original[142]) << 16 | Int(original[143]) << 24
        let dataSet = Array(original[(144 + metaLength)...])
        let wrapped = Part10Wrapper.wrap(dataSet, sopClassUID: Self.ct, sopInstanceUID: "1.2.3.4",
                                         transferSyntax: Self.explicit, implementationClassUID: "1.2.3",
                                         implementationVersionName: "TEST")
        let theirs = try DICOMReader.read(original, source: "original")
        let ours = try DICOMReader.read(wrapped, source: "wrapped")
        XCTAssertEqual(ours.pixels, theirs.pixels)
        XCTAssertEqual(ours.header.sopInstanceUID, theirs.header.sopInstanceUID, "the data set's own UID is kept")
    }

    func testTheSCUCutsADataSetIntoPDVsThatFitThePeersPDULength() throws {
        let dataSet = (0..<40_000).map { UInt8(truncatingIfNeeded: $0 * 7) }
        let values = ClientAssociation.dataFragments(dataSet, contextID: 3, maximumLength: 16_384)
        XCTAssertEqual(values.map(\.bytes.count), [16_378, 16_378, 7_244], "6 bytes of each PDU for the PDV's header")
        XCTAssertEqual(values.map(\.isLast), [false, false, true])
        XCTAssert(values.allSatisfy { $0.contextID == 3 && !$0.isCommand })
        XCTAssertEqual(values.flatMap(\.bytes), dataSet)
        for value in values { XCTAssertLessThanOrEqual(PDU.data([value]).encoded().count - 6, 16_384) }
        XCTAssertEqual(ClientAssociation.dataFragments([], contextID: 1, maximumLength: 100).map(\.isLast), [true],
                       "an empty data set is still one (last) fragment")
    }

    func testTheStudyQueryIdentifierAndItsAnswer() throws {
        let identifier = DICOMStudyQuery.identifier(studyInstanceUID: "1.2.840.99")
        // What a PACS answers: the same keys, filled in.
        var answer = DICOMSegmentation.Context()
        answer.patientName = "DOE^JANE"
        answer.patientID = "PID-7"
        answer.studyDate = "20260102"
        let response = DICOMPart10Writer.encode([DICOMWriteElement(0x0008, 0x0052, .CS, "STUDY"),
                                                 DICOMWriteElement(0x0020, 0x000D, .UI, "1.2.840.99")] + answer.elements)
        XCTAssertEqual(try DICOMStudyQuery.context(fromIdentifier: response, source: "test"), answer)
        let asked = try DICOMStudyQuery.context(fromIdentifier: identifier, source: "test")
        XCTAssertEqual(asked, DICOMSegmentation.Context(), "the query asks with every return key empty")
        XCTAssertNotNil(Array(identifier).firstRange(of: Array("1.2.840.99".utf8)))
        XCTAssertEqual(try DIMSEClient.dataSet(ofPart10: DICOMPart10Writer.file(sopClassUID: "1.2", sopInstanceUID: "1.2.3",
                                                                               dataSet: answer.elements), source: "t"),
                       DICOMPart10Writer.encode(answer.elements), "Part 10 minus preamble and meta group")
        XCTAssertThrowsError(try DIMSEClient.dataSet(ofPart10: [1, 2, 3], source: "t"))
    }
}
