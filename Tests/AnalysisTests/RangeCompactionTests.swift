@testable import Analysis
import NetworkModel
import PathProofTestSupport
import SMT
import Testing

/// Long lists of addresses and blocks are tested over their merged ranges (`PacketTerms.isOneOf`, `isIn(_:any:)`):
/// the same set of addresses as one comparison each.
@Suite struct RangeCompactionTests {
    /// Whether `term` holds for the address `value` (everything else free).
    func holds(_ context: SMTContext, _ address: Term, _ term: Term, at value: IPAddress) throws -> Bool {
        let solver = context.makeSolver()
        solver.assert(term)
        solver.assert(context.equal(address, context.bitVector(wide: value.value, width: 32)))
        return try solver.check() == .satisfiable
    }

    @Test func aLongAddressListIsTheSameSetAsItsAddresses() throws {
        let context = SMTContext()
        let terms = PacketTerms(context: context, family: .ipv4)
        let address = context.bitVector("a", width: 32)
        // A run of 20 addresses, a gap, a few scattered ones, a duplicate, the very last address.
        var listed = (0..<20).map { IPAddress("44.192.0.\(10 + $0)")! }
        listed += ["44.192.0.40", "52.0.0.1", "52.0.0.3", "44.192.0.12", "255.255.255.255"].map { IPAddress($0)! }
        #expect(listed.count >= PacketTerms.compactionThreshold)
        let term = terms.isOneOf(address, listed)
        for member in listed { #expect(try holds(context, address, term, at: member), "\(member)") }
        for outsider in ["44.192.0.9", "44.192.0.30", "44.192.0.39", "44.192.0.41", "52.0.0.2", "52.0.0.0", "255.255.255.254", "0.0.0.0"] {
            #expect(try !holds(context, address, term, at: IPAddress(outsider)!), "\(outsider)")
        }
    }

    @Test func aLongBlockListIsTheSameSetAsItsBlocks() throws {
        let context = SMTContext()
        let terms = PacketTerms(context: context, family: .ipv4)
        let address = context.bitVector("a", width: 32)
        // Sixteen adjacent /16s (10.0.0.0–10.15.255.255), one inside another, one apart, and an IPv6 block (matches nothing).
        var blocks = (0..<16).map { IPPrefix("10.\($0).0.0/16")! }
        blocks += [IPPrefix("10.3.4.0/24")!, IPPrefix("172.16.0.0/12")!, IPPrefix("2001:db8::/32")!]
        let term = terms.isIn(address, any: blocks)
        for inside in ["10.0.0.0", "10.7.200.1", "10.15.255.255", "172.16.0.0", "172.31.255.255"] {
            #expect(try holds(context, address, term, at: IPAddress(inside)!), "\(inside)")
        }
        for outside in ["10.16.0.0", "9.255.255.255", "172.32.0.0", "172.15.255.255", "192.168.0.1"] {
            #expect(try !holds(context, address, term, at: IPAddress(outside)!), "\(outside)")
        }
    }
}
