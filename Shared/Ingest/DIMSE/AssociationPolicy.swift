import Imaging

/// Who may associate with the storage SCP and what it accepts: pure, so every refusal is unit-tested.
public struct AssociationPolicy: Sendable {
    public var aeTitle: String
    /// Calling AE titles allowed to associate; empty allows any.
    public var allowedCallingAETitles: Set<String>
    /// The largest PDU we accept (announced in A-ASSOCIATE-AC); a peer that sends more is aborted.
    public var maximumLength: UInt32 = 1 << 20
    /// The largest data set one C-STORE may carry.
    public var maximumInstanceBytes = 512 << 20
    public static let implementationClassUID = "2.25.272998933477308469944417180090768089792"
    public static let implementationVersionName = "SCANSELECT_1"
    public static let verification = "1.2.840.10008.1.1"

    public init(aeTitle: String, allowedCallingAETitles: Set<String> = []) {
        self.aeTitle = aeTitle
        self.allowedCallingAETitles = allowedCallingAETitles
    }

    public enum Decision: Sendable, Equatable {
        /// The answer, and per accepted context its abstract and transfer syntax.
        case accept(AssociateAccept, contexts: [UInt8: AcceptedContext])
        case reject(result: UInt8, source: UInt8, reason: UInt8, why: String)
    }

    public struct AcceptedContext: Sendable, Equatable {
        public let abstractSyntax: String
        public let transferSyntax: String
    }

    /// PS3.8 9.3.4 reasons (source 1, service user): 2 application context, 3 calling AE, 7 called AE.
    public func negotiate(_ request: AssociateRequest) -> Decision {
        guard request.applicationContext == AssociateRequest.dicomApplicationContext else {
            return .reject(result: 1, source: 1, reason: 2, why: "application context \(request.applicationContext)")
        }
        guard request.calledAETitle == aeTitle else {
            return .reject(result: 1, source: 1, reason: 7, why: "called AE title \(request.calledAETitle) is not \(aeTitle)")
        }
        guard allowedCallingAETitles.isEmpty || allowedCallingAETitles.contains(request.callingAETitle) else {
            return .reject(result: 1, source: 1, reason: 3, why: "calling AE title \(request.callingAETitle) is not allowed")
        }
        var results: [AssociateAccept.Result] = [], accepted: [UInt8: AcceptedContext] = [:]
        for context in request.presentationContexts {
            guard Self.isAccepted(abstractSyntax: context.abstractSyntax) else {
                results.append(.init(id: context.id, result: 3, transferSyntax: ""))
                continue
            }
            // The caller lists its preference first; the first one we decode wins, so a compressed archive is
            // not made to transcode.
            let decodable = context.abstractSyntax == Self.verification
                ? context.transferSyntaxes.filter { $0 == "1.2.840.10008.1.2" || $0 == "1.2.840.10008.1.2.1" }
                : context.transferSyntaxes.filter(DICOMTransferSyntaxSupport.isDecoded)
            guard let chosen = decodable.first else {
                results.append(.init(id: context.id, result: 4, transferSyntax: ""))
                continue
            }
            results.append(.init(id: context.id, result: 0, transferSyntax: chosen))
            accepted[context.id] = AcceptedContext(abstractSyntax: context.abstractSyntax, transferSyntax: chosen)
        }
        let answer = AssociateAccept(calledAETitle: request.calledAETitle, callingAETitle: request.callingAETitle,
                                     results: results, maximumLength: maximumLength,
                                     implementationClassUID: Self.implementationClassUID,
                                     implementationVersionName: Self.implementationVersionName)
        return .accept(answer, contexts: accepted)
    }

    /// Verification, every storage SOP class that is an image, and Segmentation (a SEG is a label for a pool
    /// scan); RT, SR, PDF … are refused per context.
    static func isAccepted(abstractSyntax uid: String) -> Bool {
        if uid == verification || uid == DICOMSegmentation.sopClassUID { return true }
        return uid.hasPrefix("1.2.840.10008.5.1.4.1.1.") && DICOMSOPClass.nonImageKind(uid) == nil
    }
}
