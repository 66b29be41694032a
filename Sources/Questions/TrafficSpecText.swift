import Analysis
import NetworkModel

/// Parses the protocol part of a query: `ping`, `tcp/22`, `tcp/1024-65535`, `udp/53`, `icmp`, `proto/47`, `any`.
public enum TrafficSpecText {
    public static func parse(_ text: String) throws -> TrafficSpec {
        let lower = text.lowercased()
        switch lower {
        case "ping": return .ping
        case "icmp": return .anyICMP
        case "any", "all": return .anyProtocol
        case "tcp": return .tcp(.all)
        case "udp": return .udp(.all)
        default: break
        }
        let parts = lower.split(separator: "/", maxSplits: 1).map(String.init)
        guard parts.count == 2 else {
            throw QueryError("\"\(text)\" is not a protocol: use ping, icmp, tcp/PORT, tcp/FROM-TO, udp/PORT, proto/NUMBER or any")
        }
        switch parts[0] {
        case "tcp": return .tcp(try ports(parts[1], in: text))
        case "udp": return .udp(try ports(parts[1], in: text))
        case "proto", "protocol":
            guard let number = UInt8(parts[1]) else { throw QueryError("\"\(text)\": the protocol number must be 0-255") }
            switch number {
            case IPProtocolNumber.tcp: return .tcp(.all)
            case IPProtocolNumber.udp: return .udp(.all)
            case IPProtocolNumber.icmp: return .anyICMP
            default: return .ipProtocol(number)
            }
        case "icmp":
            // icmp/TYPE or icmp/TYPE/CODE is not offered; keep the form simple and exact.
            guard let type = UInt8(parts[1]) else { throw QueryError("\"\(text)\": the ICMP type must be 0-255") }
            return TrafficSpec(ipProtocol: IPProtocolNumber.icmp, icmpType: type)
        default:
            throw QueryError("\"\(text)\" is not a protocol: use ping, icmp, tcp/PORT, tcp/FROM-TO, udp/PORT, proto/NUMBER or any")
        }
    }

    static func ports(_ text: String, in whole: String) throws -> PortRange {
        if text == "any" || text == "all" { return .all }
        let bounds = text.split(separator: "-", omittingEmptySubsequences: false)
        guard (1...2).contains(bounds.count), let lower = UInt16(bounds[0]), let upper = UInt16(bounds.last!), lower <= upper else {
            throw QueryError("\"\(whole)\": ports must be a number 0-65535 or a range FROM-TO")
        }
        return PortRange(lower, upper)
    }
}
