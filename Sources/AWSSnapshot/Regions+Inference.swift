import NetworkModel

extension SnapshotBuilder {
    /// Gives every VPC a region: the region folder its file sits in; else the region of its subnets'
    /// availability zones; else the one region of the subnets read from the same folder; else the region a
    /// peering connection records for it; else none.
    mutating func inferRegions() {
        var subnetRegionsOfVPC: [String: String] = [:]
        var subnetRegionsOfFolder: [String: Set<String>] = [:]
        for subnet in subnets.items {
            guard let region = subnet.availabilityZone.flatMap(AWSRegion.region(ofAvailabilityZone:)) else { continue }
            if subnetRegionsOfVPC[subnet.vpcID] == nil { subnetRegionsOfVPC[subnet.vpcID] = region }
            if let folder = subnetSources[subnet.id]?.directory { subnetRegionsOfFolder[folder, default: []].insert(region) }
        }
        var peeringRegions: [String: String] = [:]
        for connection in peeringConnections.items {
            for side in [connection.requester, connection.accepter] {
                if let region = side.region, peeringRegions[side.vpcID] == nil { peeringRegions[side.vpcID] = region }
            }
        }
        vpcs.modifyAll { vpc in
            guard vpc.region == nil else { return }
            if let region = subnetRegionsOfVPC[vpc.id] {
                vpc.region = region
            } else if let folder = vpcSources[vpc.id]?.directory, let regions = subnetRegionsOfFolder[folder],
                      regions.count == 1, let region = regions.first {
                vpc.region = region
            } else {
                vpc.region = peeringRegions[vpc.id]
            }
        }
    }

    /// Fills a peering side's region and owner from its VPC when the connection does not record them.
    mutating func completePeeringSides() {
        let known = vpcs
        peeringConnections.modifyAll { connection in
            for keyPath in [\VPCPeeringConnection.requester, \VPCPeeringConnection.accepter] {
                guard let vpc = known[connection[keyPath: keyPath].vpcID] else { continue }
                connection[keyPath: keyPath].region = connection[keyPath: keyPath].region ?? vpc.region
                connection[keyPath: keyPath].ownerID = connection[keyPath: keyPath].ownerID ?? vpc.ownerID
            }
        }
    }
}
