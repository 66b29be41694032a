import Foundation
import NetworkModel
import Questions

/// `pathproof report` on the generated network: the page made as the command makes it (exposure, the matrix by
/// endpoint class, the cells' diagrams), written out, and, where Chromium is installed, opened in headless Chromium at
/// `#selftest` (the page's script shows every diagram and every page of its long tables and the last tile of its grid
/// by VPC, and records any error on the page).
func benchmarkReport(_ network: Network, snapshot: String, keepIn kept: String?) {
    let report = measure("report: exposure, matrix by class, cell diagrams (pathproof report)") {
        HTMLReport(network: network, snapshot: snapshot)
    }
    let page = measure("report: the page as HTML") { report.html { _ in network } }
    let file = kept ?? FileManager.default.temporaryDirectory.appendingPathComponent("pathproof-benchmark-report-\(ProcessInfo.processInfo.processIdentifier).html").path
    defer { if kept == nil { try? FileManager.default.removeItem(atPath: file) } }
    do { try Data(page.utf8).write(to: URL(fileURLWithPath: file)) } catch { fail("\(file): \(error)") }
    var classes = "no", exposed = "no"
    if case .success(let matrix) = report.matrix { classes = "\(matrix.classes.count)" }
    if case .success(let exposure) = report.exposure { exposed = "\(exposure.exposed.count)" }
    say(String(format: "  %.1f MiB of HTML: %@ classes, %@ exposed instances, %d cell diagrams%@", Double(page.utf8.count) / 1_048_576,
               classes, exposed, report.cellDiagrams.count, kept.map { ", kept in \($0)" } ?? ""))
    guard let chromium = ["/usr/bin/chromium", "/usr/bin/chromium-browser"].first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else {
        say("report opened in headless Chromium: skipped (no chromium)")
        return
    }
    let profile = FileManager.default.temporaryDirectory.appendingPathComponent("pathproof-benchmark-chromium-\(ProcessInfo.processInfo.processIdentifier)")
    defer { try? FileManager.default.removeItem(at: profile) }
    let process = Process()
    process.executableURL = URL(fileURLWithPath: chromium)
    process.arguments = ["--headless", "--disable-gpu", "--no-sandbox", "--no-first-run", "--user-data-dir=\(profile.path)",
                         "--virtual-time-budget=30000", "--dump-dom", URL(fileURLWithPath: file).absoluteString + "#selftest"]
    let output = Pipe()
    process.standardOutput = output
    process.standardError = FileHandle.nullDevice
    let started = Date()
    do { try process.run() } catch { fail("\(chromium): \(error)") }
    let dom = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    let seconds = Date().timeIntervalSince(started)
    func attribute(_ name: String) -> String? {
        guard let range = dom.range(of: "\(name)=\"") else { return nil }
        return String(dom[range.upperBound...].prefix { $0 != "\"" })
    }
    let ready = attribute("data-ready") == "1"
    let errors = attribute("data-errors")
    say(String(format: "report opened in headless Chromium (#selftest: every diagram, page and the last tile shown) %10.1f s", seconds))
    say("  script \(ready ? "finished" : "did NOT finish"), \(errors.map { "errors: \($0)" } ?? "no error"); \(attribute("data-shown") ?? "0") diagrams shown, "
        + "\(attribute("data-paged-rows") ?? "0") table rows paged through, last tile \(attribute("data-tile-cells") ?? "–") cells")
    if !ready || errors != nil { fail("the report's page did not open cleanly") }
}
