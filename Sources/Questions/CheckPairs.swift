/// Which source–destination pairs of two groups an assertion is about, as few cross products as cover them.
///
/// Every pair counts except an interface with itself (a host does not send to itself over the network) and an
/// internet host with an internet host (traffic that never touches the snapshot). When the groups share no
/// interface and not both hold internet hosts, that is one cross product: one SMT problem for the whole group.
/// Otherwise a few more: one more when both hold internet hosts, and 2⌈log₂ n⌉ for n shared interfaces (pairs of
/// distinct shared interfaces differ in some bit of their index).
struct PairBlock: Equatable {
    var sources: [EndpointGroup.Member]
    var destinations: [EndpointGroup.Member]
}

enum CheckPairs {
    static func blocks(sources: [EndpointGroup.Member], destinations: [EndpointGroup.Member]) -> [PairBlock] {
        let sourceInterfaces = sources.filter { $0.interfaceID != nil }
        let sourceInternet = sources.filter { $0.interfaceID == nil }
        let destinationInterfaces = destinations.filter { $0.interfaceID != nil }
        let destinationInternet = destinations.filter { $0.interfaceID == nil }

        var sharedIDs: [String] = []
        let destinationIDs = Set(destinationInterfaces.compactMap(\.interfaceID))
        for member in sourceInterfaces {
            if let id = member.interfaceID, destinationIDs.contains(id), !sharedIDs.contains(id) { sharedIDs.append(id) }
        }
        let shared = Set(sharedIDs)
        let isShared = { (member: EndpointGroup.Member) in member.interfaceID.map { shared.contains($0) } ?? false }

        var blocks: [PairBlock] = []
        // Everything to destinations that are not also sources; internet destinations too when no internet host sends.
        blocks.append(PairBlock(sources: sourceInterfaces + sourceInternet,
                                destinations: destinationInterfaces.filter { !isShared($0) } + (sourceInternet.isEmpty ? destinationInternet : [])))
        if !sourceInternet.isEmpty && !destinationInternet.isEmpty {
            blocks.append(PairBlock(sources: sourceInterfaces, destinations: destinationInternet))
        }
        // To shared interfaces: from the other sources, and between distinct shared interfaces bit by bit.
        let others = sourceInterfaces.filter { !isShared($0) } + sourceInternet
        let sharedSources = sourceInterfaces.filter(isShared)
        let sharedDestinations = destinationInterfaces.filter(isShared)
        if sharedIDs.count == 1 {
            blocks.append(PairBlock(sources: others, destinations: sharedDestinations))
        } else if sharedIDs.count > 1 {
            let index = Dictionary(uniqueKeysWithValues: sharedIDs.enumerated().map { ($0.element, $0.offset) })
            let bit = { (member: EndpointGroup.Member, b: Int) in (index[member.interfaceID!]! >> b) & 1 }
            var b = 0
            while (1 << b) < sharedIDs.count {
                let extra = b == 0 ? others : []
                blocks.append(PairBlock(sources: sharedSources.filter { bit($0, b) == 0 } + extra, destinations: sharedDestinations.filter { bit($0, b) == 1 }))
                blocks.append(PairBlock(sources: sharedSources.filter { bit($0, b) == 1 } + extra, destinations: sharedDestinations.filter { bit($0, b) == 0 }))
                b += 1
            }
        }
        return blocks.filter { !$0.sources.isEmpty && !$0.destinations.isEmpty }
    }
}
