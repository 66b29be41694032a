import Foundation
@testable import pathproof_benchmark
import PathProofTestSupport
import Testing

/// `pathproof report` on a network too large for one grid and one table (the benchmark's generator, 120 VPCs of 3
/// subnets of 2 instances): the matrix grouped by VPC and drawn a tile at a time, the exposure table a page at a time;
/// opened in headless Chromium, every page and the last tile shown by the page's own script, no error. The figures at
/// 20,000 instances are the benchmark's (`pathproof-benchmark --report`), not a test's.
@Suite struct ReportScaleCLITests {
    @Test func aLargeNetworksReportShowsTilesAndPagesInChromium() throws {
        let folder = Temporary.path("report-scale")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try SyntheticNetwork(vpcs: 120, subnetsPerVPC: 3, instancesPerSubnet: 2).write(to: URL(fileURLWithPath: folder))
        // A VPC whose name would end the page's <script> element and break its JSON if written as it is.
        let hostileName = "vpc-7</script><b \"q\">\\"
        let vpcsFile = URL(fileURLWithPath: folder).appendingPathComponent("describe-vpcs.json")
        var document = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: vpcsFile)) as? [String: Any])
        var vpcs = try #require(document["Vpcs"] as? [[String: Any]])
        let named = try #require(vpcs.firstIndex { ($0["Tags"] as? [[String: String]])?.contains { $0["Key"] == "Name" && $0["Value"] == "vpc-7" } == true })
        vpcs[named]["Tags"] = [["Key": "Name", "Value": hostileName]]
        document["Vpcs"] = vpcs
        try JSONSerialization.data(withJSONObject: document).write(to: vpcsFile)
        let page = Temporary.path("report-scale") + ".html"
        defer { try? FileManager.default.removeItem(atPath: page) }
        let run = try PathProofCLI.run(["report", "--quiet", "--snapshot", folder, "--out", page])
        #expect(run.status == 0, "\(run.error)")
        let html = try String(contentsOfFile: page, encoding: .utf8)
        // More than 150 classes: grouped by VPC; more than 40 VPCs: the grid is the page script's, from JSON.
        #expect(html.contains("classes are too many for one grid") && html.contains("120 VPCs are shown 40 × 40 at a time"))
        #expect(html.contains("id=\"vpc-grid-data\"") && !html.contains("<td class=\"reach\""), "no cell is written into the page")
        #expect(!html.contains("vpc-7</script>") && html.contains("vpc-7\\u003c/script>\\u003cb \\\"q\\\">\\\\"), "the name is escaped for JSON inside <script>")
        // The exposure table is longer than a page: one page in the table, every page in a template.
        let rows = try #require(PictureCLITests.attribute("data-rows", in: html).flatMap { Int($0) })
        #expect(rows > 100)
        #expect(html.components(separatedBy: "<template class=\"page\">").count - 1 == (rows + 99) / 100)
        let table = html.components(separatedBy: "<tbody>")[1].components(separatedBy: "</tbody>")[0]
        #expect(table.components(separatedBy: "<tr>").count - 1 == 100)

        let opened = try PictureCLITests.open(page)
        #expect(PictureCLITests.attribute("data-ready", in: opened.dom) == "1", "the page's script did not finish")
        #expect(PictureCLITests.attribute("data-errors", in: opened.dom) == nil, "the page's script raised: \(PictureCLITests.attribute("data-errors", in: opened.dom) ?? "")")
        #expect(PictureCLITests.attribute("data-paged-rows", in: opened.dom) == String(rows), "every row once over the pages")
        #expect(PictureCLITests.attribute("data-tiles", in: opened.dom) == "3")
        // The last tile: VPCs 81–120 by 81–120.
        #expect(PictureCLITests.attribute("data-tile-cells", in: opened.dom) == String(40 * 40))
        #expect(opened.dom.contains("<table class=\"heat\" id=\"vpc-grid\"><thead>"))
        #expect(try PictureCLITests.colours(opened.screenshot) > 16, "the screenshot is blank")
    }
}
