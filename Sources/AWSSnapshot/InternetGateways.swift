import NetworkModel

extension SnapshotBuilder {
    /// `describe-internet-gateways`: `{"InternetGateways": [{"InternetGatewayId", "Attachments": [{"VpcId", "State"}],
    /// "OwnerId", "Tags"}]}`.
    mutating func readInternetGateways(_ list: JSONNode, from file: SourceFile) throws(SnapshotError) {
        for item in try list.elements() {
            let id = try item.string("InternetGatewayId")
            var attachments: [InternetGateway.Attachment] = []
            for attachment in try item.array("Attachments") {
                attachments.append(.init(vpcID: try attachment.string("VpcId"), state: try attachment.string("State")))
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
}
