import NetworkModel

extension SnapshotBuilder {
    /// `describe-internet-gateways`: `{"InternetGateways": [{"InternetGatewayId", "Attachments": [{"VpcId", "State"}],
    /// "OwnerId", "Tags"}]}`.
    mutating func readInternetGateways(_ list: JSONNode, from file: SourceFile) throws(SnapshotError) {
        for item in try list.elements() {
            let id = try item.string("InternetGatewayId")
            var attachments: [InternetGateway.Attachment] = []
            for attachment in try item.array("Attachments") {
                attachments.append(.init(vpcID: try attachment.string("VpcId"), state: AttachmentState(rawValue: try attachment.string("State"))))
            }
            let gateway = InternetGateway(id: id, attachments: attachments,
                                          ownerID: try item.optionalString("OwnerId") ?? file.account, tags: try item.tags())
            internetGateways.add(gateway, id: id) { first, other in
                for attachment in other.attachments where first.attachment(to: attachment.vpcID) == nil {
                    first.attachments.append(attachment)
                }
            }
        }
    }

    /// `describe-egress-only-internet-gateways`: `{"EgressOnlyInternetGateways": [{"EgressOnlyInternetGatewayId",
    /// "Attachments": [{"State", "VpcId"}], "Tags"}]}`. An attachment works in state `attached`.
    mutating func readEgressOnlyInternetGateways(_ list: JSONNode, from file: SourceFile) throws(SnapshotError) {
        for item in try list.elements() {
            let id = try item.string("EgressOnlyInternetGatewayId")
            var attachments: [InternetGateway.Attachment] = []
            for attachment in try item.array("Attachments") {
                attachments.append(.init(vpcID: try attachment.string("VpcId"), state: AttachmentState(rawValue: try attachment.string("State"))))
            }
            let gateway = EgressOnlyInternetGateway(id: id, attachments: attachments, tags: try item.tags())
            edgeParts.egressOnlyInternetGateways.add(gateway, id: id) { first, other in
                for attachment in other.attachments where first.attachment(to: attachment.vpcID) == nil {
                    first.attachments.append(attachment)
                }
                if first.tags.pairs.isEmpty { first.tags = other.tags }
            }
        }
    }
}
