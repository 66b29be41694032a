import Analysis
import Foundation
import NetworkModel

/// `pathproof report`: one self-contained HTML page (inline CSS, SVG and script; nothing fetched) with a map of the
/// network, the internet exposure table, the reachability matrix by endpoint class as a heat map with counts, and the
/// answers of `.reach` files. Clicking a matrix cell or an assertion shows its path diagram (inline SVG, drawn by
/// `RenderSVG`).
public struct HTMLReport {
    public let network: Network
    public let snapshot: String
    public let exposure: Result<Exposure, any Error>
    public let matrix: Result<ClassMatrix, any Error>
    public let check: CheckReport?
    /// The diagram of each cell, by "a-b", for the first `diagramLimit` cells.
    public let cellDiagrams: [String: PathDiagram]
    public let diagramLimit: Int
    /// Why a cell has no diagram: the error its query gave (shown in the cell's tooltip).
    public let cellFailures: [String: String]
    /// Above this many classes, the heat map groups classes by VPC.
    public let classGridLimit: Int
    /// Above this many VPCs, the grid by VPC is drawn a tile of this many × this many VPCs at a time.
    public var vpcTileSize = 40
    /// Rows of a long table shown at a time.
    public var pageRows = 100

    /// Checks the exposure, the matrix (for `traffic`), and asks one query per class pair for its diagram (at most
    /// `diagramLimit`).
    public init(network: Network, snapshot: String, traffic: TrafficSpec = .ping, check: CheckReport? = nil,
                diagramLimit: Int = 200, classGridLimit: Int = 150, timeoutMilliseconds: UInt32? = 30_000) {
        self.network = network
        self.classGridLimit = classGridLimit
        self.snapshot = snapshot
        self.check = check
        self.diagramLimit = diagramLimit
        let engine = ReachabilityEngine(network: network, timeoutMilliseconds: timeoutMilliseconds)
        exposure = Result { try Exposure(network: network, engine: engine) }
        matrix = Result { try ClassMatrix(network: network, traffic: traffic, engine: engine) }
        var diagrams: [String: PathDiagram] = [:], failures: [String: String] = [:]
        if case .success(let matrix) = matrix, matrix.classes.count <= classGridLimit {
            let questions = ReachabilityQuestions(network: network, timeoutMilliseconds: timeoutMilliseconds)
            outer: for (a, source) in matrix.classes.enumerated() {
                for (b, destination) in matrix.classes.enumerated() {
                    guard diagrams.count < diagramLimit else { break outer }
                    guard matrix.verdicts[a][b] != nil, let to = ClassMatrix.member(of: destination, other: source.representative) else { continue }
                    let text = TrafficText.query(source.representative, to, traffic)
                    do {
                        diagrams["\(a)-\(b)"] = PathDiagram(try questions.ask(text), network: network)
                    } catch {
                        failures["\(a)-\(b)"] = "\(error)"
                    }
                }
            }
        }
        cellDiagrams = diagrams
        cellFailures = failures
    }

    // MARK: Page

    public func html(checkNetworks: (String) -> Network? = { _ in nil }) -> String {
        var page: [String] = []
        page.append("""
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>PathProof report: \(Self.escape(snapshot))</title>
        <style>\(Self.style)</style>
        </head>
        <body>
        <header><h1>PathProof report</h1>
        <p>Snapshot <code>\(Self.escape(snapshot))</code>: \(network.vpcs.count) VPCs, \(network.subnets.count) subnets, \(network.instances.count) instances.</p>
        <nav><a href="#map">Network map</a> · <a href="#exposure">Internet exposure</a> · <a href="#matrix">Reachability matrix</a>\(check == nil ? "" : " · <a href=\"#assertions\">Assertions</a>")</nav>
        </header>
        <main>
        """)
        page.append("<section id=\"map\"><h2>Network map</h2>")
        page.append("<p class=\"note\">Accounts and regions hold VPCs, VPCs hold subnets; lines are peering connections (dashed red when not active) and transit gateway attachments.</p>")
        page.append("<div class=\"scroll\">\(NetworkMap.svg(network))</div></section>")
        page.append(exposureSection())
        page.append(matrixSection())
        if let check { page.append(assertionSection(check, networks: checkNetworks)) }
        page.append("""
        <section id="diagram-panel" hidden><h2 id="diagram-title">Path</h2><div class="scroll" id="diagram-view"></div></section>
        </main>
        <footer>Made by <code>pathproof report</code>. Every answer is proved by the SMT encoding and replayed by the packet walker.</footer>
        <script>\(Self.script)</script>
        </body>
        </html>
        """)
        return page.joined(separator: "\n")
    }

    func exposureSection() -> String {
        var lines = ["<section id=\"exposure\"><h2>Internet exposure</h2>"]
        switch exposure {
        case .failure(let error):
            lines.append("<p class=\"unknown\">Not answered: \(Self.escape("\(error)"))</p>")
        case .success(let exposure):
            lines.append("<p>\(exposure.instancesChecked) instances checked in \(exposure.classCount) classes; \(exposure.exposed.count) reached from the internet\(exposure.unknown.isEmpty ? "" : ", \(exposure.unknown.count) unknown"). Each list of ports is complete.</p>")
            if !exposure.exposed.isEmpty || !exposure.unknown.isEmpty {
                var rows: [String] = []
                for entry in exposure.exposed {
                    rows.append("<tr><td><code>\(Self.escape(entry.instanceID))</code></td><td>\(Self.escape(entry.name ?? ""))</td><td>\(Self.escape(entry.publicAddresses.map(\.description).joined(separator: ", ")))</td><td class=\"exposed\">\(Self.escape(entry.ports.description))</td></tr>")
                }
                for entry in exposure.unknown {
                    rows.append("<tr><td><code>\(Self.escape(entry.instanceID))</code></td><td>\(Self.escape(entry.name ?? ""))</td><td>\(Self.escape(entry.publicAddresses.map(\.description).joined(separator: ", ")))</td><td class=\"unknown\">unknown: \(Self.escape(entry.ports.unknown.joined(separator: "; ")))</td></tr>")
                }
                lines.append(pagedTable(head: "<tr><th>Instance</th><th>Name</th><th>Addresses</th><th>Reached on</th></tr>", rows: rows))
            }
        }
        lines.append("</section>")
        return lines.joined(separator: "\n")
    }

    func matrixSection() -> String {
        var lines = ["<section id=\"matrix\"><h2>Reachability matrix</h2>"]
        guard case .success(let matrix) = matrix else {
            if case .failure(let error) = matrix { lines.append("<p class=\"unknown\">Not answered: \(Self.escape("\(error)"))</p>") }
            lines.append("</section>")
            return lines.joined(separator: "\n")
        }
        let count = matrix.classes.count
        lines.append("<p>\(Self.escape(matrix.traffic.description)) between \(network.instances.count) instances in \(count) endpoint classes (instances the configuration cannot tell apart: same subnet, security groups and addressing); \(matrix.solvedPairs) class pairs solved. Each cell shows how many instance pairs it stands for; green reach, grey do not, amber unknown. Click a cell for its path.</p>")
        if count > classGridLimit {
            lines.append(vpcGrid(matrix))
        } else if count > 0 {
            lines.append(classGrid(matrix))
        }
        lines.append("</section>")
        return lines.joined(separator: "\n")
    }

    func classGrid(_ matrix: ClassMatrix) -> String {
        let counts = matrix.classes.indices.flatMap { a in matrix.classes.indices.map { b in matrix.pairCount(a, b) } }
        let most = max(1, counts.max() ?? 1)
        var lines = ["<div class=\"scroll\"><table class=\"heat\"><thead><tr><th>from \\ to</th>"]
        for b in matrix.classes.indices { lines.append("<th title=\"\(Self.escape(classTitle(matrix.classes[b])))\">C\(b + 1)</th>") }
        lines.append("</tr></thead><tbody>")
        for (a, source) in matrix.classes.enumerated() {
            var row = "<tr><th title=\"\(Self.escape(classTitle(source)))\">C\(a + 1)</th>"
            for b in matrix.classes.indices {
                let pairs = matrix.pairCount(a, b)
                let key = "\(a)-\(b)"
                let diagram = cellDiagrams[key]
                let click = diagram == nil ? "" : " data-diagram=\"cell-\(key)\" tabindex=\"0\""
                let failure = cellFailures[key].map { "; no path drawn: \(Self.escape($0))" } ?? ""
                switch matrix.verdicts[a][b] {
                case nil:
                    row += "<td class=\"none\">–</td>"
                case .reachable?:
                    let strength = 0.35 + 0.65 * log(Double(pairs) + 1) / log(Double(most) + 1)
                    row += "<td class=\"reach\" style=\"background: rgba(46,125,50,\(String(format: "%.2f", strength)))\" title=\"C\(a + 1) → C\(b + 1): reachable, \(pairs) pairs\(failure)\"\(click)>\(pairs)</td>"
                case .unreachable?:
                    row += "<td class=\"block\" title=\"C\(a + 1) → C\(b + 1): unreachable, \(pairs) pairs\(failure)\"\(click)>\(pairs)</td>"
                case .unknown(let reason)?:
                    row += "<td class=\"unknowncell\" title=\"C\(a + 1) → C\(b + 1): unknown (\(Self.escape(reason)))\(failure)\"\(click)>\(pairs)</td>"
                }
            }
            lines.append(row + "</tr>")
        }
        lines.append("</tbody></table></div>")
        lines.append("<table class=\"list\"><thead><tr><th>Class</th><th>Instances</th><th>Subnet</th><th>Security groups</th><th>Members</th></tr></thead><tbody>")
        for (a, item) in matrix.classes.enumerated() {
            let parts = item.key.split(separator: "|", omittingEmptySubsequences: false).map(String.init)
            let subnet = parts.first ?? ""
            let groups = parts.count > 1 ? parts[1].replacingOccurrences(of: ",", with: ", ") : ""
            let members = item.members.prefix(5).map { id in network.name(of: id).map { "\(id) (\($0))" } ?? id }.joined(separator: ", ")
                + (item.members.count > 5 ? ", … \(item.members.count - 5) more" : "")
            lines.append("<tr><td>C\(a + 1)</td><td>\(item.members.count)</td><td><code>\(Self.escape(subnet))</code> \(Self.escape(network.name(of: subnet) ?? ""))</td><td>\(Self.escape(groups))</td><td>\(Self.escape(members))</td></tr>")
        }
        lines.append("</tbody></table>")
        let cells = matrix.classes.count * matrix.classes.count
        if cellDiagrams.count < cells && cells > diagramLimit {
            lines.append("<p class=\"note\">Paths are drawn for the first \(diagramLimit) cells; ask about the others with <code>pathproof query</code>.</p>")
        }
        for (key, diagram) in cellDiagrams.sorted(by: { $0.key < $1.key }) {
            lines.append("<template id=\"cell-\(key)\" data-title=\"\(Self.escape(diagram.title))\">\(RenderSVG.render(diagram, idPrefix: "cell-\(key)"))</template>")
        }
        return lines.joined(separator: "\n")
    }

    /// More classes than a grid can show: classes grouped by the VPC of their subnet; each cell counts the instance
    /// pairs that reach over all pairs.
    func vpcGrid(_ matrix: ClassMatrix) -> String {
        var vpcOfClass: [Int] = []
        var vpcs: [String] = []
        var index: [String: Int] = [:]
        for item in matrix.classes {
            let subnet = String(item.key.split(separator: "|", omittingEmptySubsequences: false).first ?? "")
            let vpc = network.subnet(subnet)?.vpcID ?? "?"
            if index[vpc] == nil { index[vpc] = vpcs.count; vpcs.append(vpc) }
            vpcOfClass.append(index[vpc]!)
        }
        var reach = Array(repeating: Array(repeating: 0, count: vpcs.count), count: vpcs.count)
        var total = reach, unknown = reach
        for a in matrix.classes.indices {
            for b in matrix.classes.indices {
                let pairs = matrix.pairCount(a, b)
                total[vpcOfClass[a]][vpcOfClass[b]] += pairs
                switch matrix.verdicts[a][b] {
                case .reachable?: reach[vpcOfClass[a]][vpcOfClass[b]] += pairs
                case .unknown?: unknown[vpcOfClass[a]][vpcOfClass[b]] += pairs
                default: break
                }
            }
        }
        if vpcs.count > vpcTileSize { return vpcTiles(vpcs, reach: reach, total: total, unknown: unknown, classes: matrix.classes.count) }
        var lines = ["<p class=\"note\">\(matrix.classes.count) classes are too many for one grid: cells group them by VPC and count reaching pairs / all pairs.</p>",
                     "<div class=\"scroll\"><table class=\"heat\"><thead><tr><th>from \\ to</th>"]
        for vpc in vpcs { lines.append("<th title=\"\(Self.escape(vpc))\">\(Self.escape(network.name(of: vpc) ?? vpc))</th>") }
        lines.append("</tr></thead><tbody>")
        for (i, vpc) in vpcs.enumerated() {
            var row = "<tr><th title=\"\(Self.escape(vpc))\">\(Self.escape(network.name(of: vpc) ?? vpc))</th>"
            for j in vpcs.indices {
                let share = total[i][j] == 0 ? 0 : Double(reach[i][j]) / Double(total[i][j])
                let style = reach[i][j] > 0 ? " style=\"background: rgba(46,125,50,\(String(format: "%.2f", 0.2 + 0.8 * share)))\"" : ""
                row += "<td class=\"\(unknown[i][j] > 0 ? "unknowncell" : reach[i][j] > 0 ? "reach" : "block")\"\(style)>\(reach[i][j])/\(total[i][j])</td>"
            }
            lines.append(row + "</tr>")
        }
        lines.append("</tbody></table></div>")
        return lines.joined(separator: "\n")
    }

    /// A table of `rows`: all of them when they fit one page (`pageRows`), else the first page in the table and every
    /// page (the first too) in an inert <template>, which the page's script swaps in from a pager; the browser never
    /// lays out more than one page of rows.
    func pagedTable(head: String, rows: [String]) -> String {
        guard rows.count > pageRows else {
            return (["<table class=\"list\"><thead>\(head)</thead><tbody>"] + rows + ["</tbody></table>"]).joined(separator: "\n")
        }
        let pages = stride(from: 0, to: rows.count, by: pageRows).map { Array(rows[$0..<min($0 + pageRows, rows.count)]) }
        var lines = ["<div class=\"paged\" data-rows=\"\(rows.count)\" data-page-rows=\"\(pageRows)\">",
                     "<nav class=\"pager\"><button type=\"button\" data-step=\"-1\">‹ previous</button> <span class=\"where\">rows 1–\(pageRows) of \(rows.count)</span> <button type=\"button\" data-step=\"1\">next ›</button></nav>",
                     "<table class=\"list\"><thead>\(head)</thead><tbody>"]
        lines += pages[0]
        lines.append("</tbody></table>")
        for page in pages { lines.append("<template class=\"page\">\(page.joined())</template>") }
        lines.append("</div>")
        return lines.joined(separator: "\n")
    }

    /// More VPCs than a grid can show at once: the counts as JSON in the page, and the grid drawn by the page's script
    /// one tile of `vpcTileSize` × `vpcTileSize` VPCs at a time, chosen with two lists (rows from, columns to).
    func vpcTiles(_ vpcs: [String], reach: [[Int]], total: [[Int]], unknown: [[Int]], classes: Int) -> String {
        let names = vpcs.map { network.name(of: $0) ?? $0 }
        // Inside <script>, "<" is written \u003c, so that nothing in a name can end the element.
        func strings(_ values: [String]) -> String {
            "[" + values.map { MatrixStream.quoted($0).replacingOccurrences(of: "<", with: "\\u003c") }.joined(separator: ",") + "]"
        }
        func numbers(_ values: [[Int]]) -> String { "[" + values.flatMap { $0 }.map(String.init).joined(separator: ",") + "]" }
        let data = "{\"ids\":\(strings(vpcs)),\"names\":\(strings(names)),\"reach\":\(numbers(reach)),\"total\":\(numbers(total)),\"unknown\":\(numbers(unknown))}"
        var options: [String] = []
        for start in stride(from: 0, to: vpcs.count, by: vpcTileSize) {
            let end = min(start + vpcTileSize, vpcs.count)
            options.append("<option value=\"\(start)\">VPCs \(start + 1)–\(end) (\(Self.escape(names[start])) … \(Self.escape(names[end - 1])))</option>")
        }
        return """
        <p class="note">\(classes) classes are too many for one grid: cells group them by VPC and count reaching pairs / all pairs. \
        \(vpcs.count) VPCs are shown \(vpcTileSize) × \(vpcTileSize) at a time: choose the rows and the columns.</p>
        <div class="tiles" data-vpcs="\(vpcs.count)" data-tile="\(vpcTileSize)">From <select id="tile-rows">\(options.joined())</select> to <select id="tile-columns">\(options.joined())</select></div>
        <div class="scroll"><table class="heat" id="vpc-grid"></table></div>
        <script type="application/json" id="vpc-grid-data">\(data)</script>
        """
    }

    func classTitle(_ item: EndpointClasses.Class) -> String {
        let subnet = String(item.key.split(separator: "|", omittingEmptySubsequences: false).first ?? "")
        return "\(item.members.count) instance\(item.members.count == 1 ? "" : "s") in \(subnet), e.g. \(item.representative)"
    }

    func assertionSection(_ check: CheckReport, networks: (String) -> Network?) -> String {
        var lines = ["<section id=\"assertions\"><h2>Assertions</h2>", "<p>\(Self.escape(check.summary)) Click an assertion for its paths.</p>",
                     "<table class=\"list\"><thead><tr><th>Status</th><th>Where</th><th>Assertion</th><th>Answer</th></tr></thead><tbody>"]
        var templates: [String] = []
        var n = 0
        for file in check.files {
            for result in file.results {
                n += 1
                let (label, css) = switch result.status {
                case .holds: ("PASS", "pass")
                case .violated: ("FAIL", "fail")
                case .unknown: ("UNKNOWN", "unknown")
                }
                var svgs: [String] = []
                for (d, direction) in result.directions.enumerated() {
                    guard let answer = direction.answer else { continue }
                    let from = direction.pairSource ?? direction.from, to = direction.pairDestination ?? direction.to
                    let diagram = PathDiagram(answer: answer, title: "\(from) → \(to)", source: from, destination: to,
                                              oneWay: direction.oneWay, network: networks(file.snapshot))
                    svgs.append(RenderSVG.render(diagram, idPrefix: "assertion-\(n)-\(d)"))
                }
                let click = svgs.isEmpty ? "" : " data-diagram=\"assertion-\(n)\" tabindex=\"0\""
                lines.append("<tr class=\"clickable\"\(click)><td class=\"\(css)\">\(label)</td><td><code>\(Self.escape("\(file.path):\(result.assertion.location.line)"))</code></td><td><code>\(Self.escape(result.assertion.text))</code></td><td>\(Self.escape(result.summary))</td></tr>")
                if !svgs.isEmpty {
                    let details = result.details.map { "<li>\(Self.escape($0))</li>" }.joined()
                    templates.append("<template id=\"assertion-\(n)\" data-title=\"\(Self.escape(result.assertion.text))\"><p>\(Self.escape(result.summary))</p>\(details.isEmpty ? "" : "<ul>\(details)</ul>")\(svgs.joined(separator: "\n"))</template>")
                }
            }
        }
        lines.append("</tbody></table>")
        lines += templates
        lines.append("</section>")
        return lines.joined(separator: "\n")
    }

    static func escape(_ text: String) -> String { RenderSVG.escape(text) }

    static let style = """
    body{font-family:Helvetica,Arial,sans-serif;margin:0;color:#212121;background:#fafafa}
    header{background:#263238;color:#eceff1;padding:12px 24px}header h1{margin:0 0 4px;font-size:22px}header a{color:#80cbc4}
    main{padding:8px 24px}section{background:#fff;border:1px solid #e0e0e0;border-radius:6px;padding:8px 16px;margin:12px 0}
    h2{font-size:18px;margin:8px 0}.note{color:#616161;font-size:13px}.scroll{overflow:auto;max-height:80vh}
    table{border-collapse:collapse;font-size:12px}table.list td,table.list th{border:1px solid #e0e0e0;padding:3px 6px;text-align:left}
    table.heat td,table.heat th{border:1px solid #fff;min-width:34px;height:24px;text-align:center;padding:0 3px}
    table.heat thead th{position:sticky;top:0;background:#eceff1}table.heat td[data-diagram]{cursor:pointer}
    td.reach{color:#fff;font-weight:bold}td.block{background:#cfd8dc;color:#455a64}td.unknowncell{background:#ffb300}td.none{color:#bdbdbd}
    td.pass{color:#2e7d32;font-weight:bold}td.fail{color:#c62828;font-weight:bold}.unknown,td.unknown{color:#ef6c00;font-weight:bold}
    td.exposed{color:#c62828}tr.clickable[data-diagram]{cursor:pointer}tr.clickable[data-diagram]:hover,td[data-diagram]:hover{outline:2px solid #1565c0}
    .selected{outline:3px solid #1565c0 !important}footer{color:#757575;font-size:12px;padding:12px 24px}
    .pager,.tiles{margin:6px 0;font-size:13px}.pager button{margin:0 6px}
    """

    /// Shows the diagram of a clicked cell or assertion; records errors and readiness on the page (`data-errors`,
    /// `data-ready`), and with `#selftest` opens every diagram once and records how many it showed (`data-shown`).
    static let script = """
    (function(){
    var root=document.documentElement;
    window.addEventListener('error',function(e){root.setAttribute('data-errors',(root.getAttribute('data-errors')||'')+(e.message||'error')+';');});
    var panel=document.getElementById('diagram-panel'),view=document.getElementById('diagram-view'),title=document.getElementById('diagram-title');
    var selected=null;
    function show(el){
      var t=document.getElementById(el.getAttribute('data-diagram'));
      if(!t){throw new Error('no diagram '+el.getAttribute('data-diagram'));}
      while(view.firstChild){view.removeChild(view.firstChild);}
      view.appendChild(document.importNode(t.content,true));
      title.textContent=t.getAttribute('data-title')||'Path';
      panel.hidden=false;
      if(selected){selected.classList.remove('selected');}
      selected=el;el.classList.add('selected');
      return view.querySelectorAll('svg').length;
    }
    var items=document.querySelectorAll('[data-diagram]');
    Array.prototype.forEach.call(items,function(el){
      el.addEventListener('click',function(){show(el);panel.scrollIntoView({behavior:'smooth'});});
      el.addEventListener('keydown',function(e){if(e.key==='Enter'){show(el);}});
    });
    var pagers=document.querySelectorAll('div.paged');
    Array.prototype.forEach.call(pagers,function(box){
      var pages=box.querySelectorAll('template.page'),body=box.querySelector('tbody'),where=box.querySelector('.where');
      var rows=Number(box.getAttribute('data-rows')),size=Number(box.getAttribute('data-page-rows')),at=0;
      box.turn=function(step){
        at=Math.max(0,Math.min(pages.length-1,at+step));
        while(body.firstChild){body.removeChild(body.firstChild);}
        body.appendChild(document.importNode(pages[at].content,true));
        where.textContent='rows '+(at*size+1)+'–'+Math.min(rows,(at+1)*size)+' of '+rows;
        return body.rows.length;
      };
      Array.prototype.forEach.call(box.querySelectorAll('button[data-step]'),function(b){
        b.addEventListener('click',function(){box.turn(Number(b.getAttribute('data-step')));});
      });
    });
    var data=document.getElementById('vpc-grid-data'),grid=document.getElementById('vpc-grid');
    function tile(){
      var d=JSON.parse(data.textContent),n=d.ids.length,size=Number(document.querySelector('.tiles').getAttribute('data-tile'));
      var r0=Number(document.getElementById('tile-rows').value),c0=Number(document.getElementById('tile-columns').value);
      var r1=Math.min(n,r0+size),c1=Math.min(n,c0+size);
      while(grid.firstChild){grid.removeChild(grid.firstChild);}
      var head=grid.createTHead().insertRow(),corner=document.createElement('th');
      corner.textContent='from \\\\ to';head.appendChild(corner);
      for(var c=c0;c<c1;c++){var th=document.createElement('th');th.textContent=d.names[c];th.title=d.ids[c];head.appendChild(th);}
      var body=grid.createTBody(),cells=0;
      for(var r=r0;r<r1;r++){
        var row=body.insertRow(),rh=document.createElement('th');rh.textContent=d.names[r];rh.title=d.ids[r];row.appendChild(rh);
        for(var c=c0;c<c1;c++){
          var i=r*n+c,reach=d.reach[i],total=d.total[i],cell=row.insertCell();
          cell.textContent=reach+'/'+total;
          cell.className=d.unknown[i]>0?'unknowncell':(reach>0?'reach':'block');
          if(reach>0){cell.style.background='rgba(46,125,50,'+(0.2+0.8*(total?reach/total:0)).toFixed(2)+')';}
          cell.title=d.names[r]+' → '+d.names[c]+': '+reach+' of '+total+' instance pairs reach'+(d.unknown[i]>0?', '+d.unknown[i]+' unknown':'');
          cells++;
        }
      }
      return cells;
    }
    if(data&&grid){
      tile();
      document.getElementById('tile-rows').addEventListener('change',tile);
      document.getElementById('tile-columns').addEventListener('change',tile);
    }
    if(location.hash==='#selftest'){
      var shown=0;
      Array.prototype.forEach.call(items,function(el){if(show(el)>0){shown++;}});
      root.setAttribute('data-clickable',String(items.length));
      root.setAttribute('data-shown',String(shown));
      // Every page of every long table once, then back to the first; the last tile of the grid by VPC.
      var paged=0;
      Array.prototype.forEach.call(pagers,function(box){
        var pages=box.querySelectorAll('template.page').length;
        for(var p=1;p<pages;p++){paged+=box.turn(1);}
        box.turn(-pages);paged+=box.querySelector('tbody').rows.length;
      });
      root.setAttribute('data-paged-rows',String(paged));
      if(data&&grid){
        var rows=document.getElementById('tile-rows'),columns=document.getElementById('tile-columns');
        rows.selectedIndex=rows.options.length-1;columns.selectedIndex=columns.options.length-1;
        root.setAttribute('data-tiles',String(rows.options.length));
        root.setAttribute('data-tile-cells',String(tile()));
      }
    }
    root.setAttribute('data-ready','1');
    })();
    """
}

/// The network as an SVG map: one band per account and region, a box per VPC with its subnets and gateways, lines
/// for peering connections and transit gateway attachments.
enum NetworkMap {
    static let boxWidth = 380.0
    static let columns = 4
    static let subnetLimit = 12

    static func svg(_ network: Network) -> String {
        var body: [String] = []
        var lines: [String] = []
        var centre: [String: (x: Double, y: Double, top: Double)] = [:]
        let margin = 16.0
        var y = margin
        // Transit gateways along the top.
        let gateways = network.transit.gateways
        var gatewayPosition: [String: (Double, Double)] = [:]
        if !gateways.isEmpty {
            for (i, gateway) in gateways.enumerated() {
                let x = margin + 60 + Double(i) * 240, cy = y + 28
                gatewayPosition[gateway.id] = (x, cy)
                body.append("<ellipse cx=\"\(x)\" cy=\"\(cy)\" rx=\"56\" ry=\"22\" fill=\"#ede7f6\" stroke=\"#5e35b1\"/>")
                body.append(RenderSVG.text(gateway.id, x: x - 50, y: cy - 2, attributes: "font-size=\"10\" font-weight=\"bold\""))
                body.append(RenderSVG.text(network.name(of: gateway.id) ?? "transit gateway", x: x - 50, y: cy + 11, attributes: "font-size=\"10\""))
            }
            y += 72
        }
        let groups = Dictionary(grouping: network.vpcs) { "\($0.ownerID ?? "account ?") · \($0.region ?? "region ?")" }
        var width = margin * 2 + Double(columns) * (boxWidth + 24)
        for key in groups.keys.sorted() {
            let vpcs = groups[key]!.sorted { $0.id < $1.id }
            let bandTop = y
            y += 24
            var rowHeight = 0.0
            for (i, vpc) in vpcs.enumerated() {
                if i > 0 && i % columns == 0 { y += rowHeight + 24; rowHeight = 0 }
                let x = margin + 12 + Double(i % columns) * (boxWidth + 24)
                let (box, height) = vpcBox(vpc, network, x: x, y: y)
                body += box
                centre[vpc.id] = (x + boxWidth / 2, y + height / 2, y)
                rowHeight = max(rowHeight, height)
            }
            y += rowHeight + 16
            body.insert("<rect x=\"\(margin)\" y=\"\(bandTop)\" width=\"\(width - 2 * margin)\" height=\"\(y - bandTop)\" rx=\"8\" fill=\"#f1f8e9\" stroke=\"#aed581\"/>", at: 0)
            body.insert(RenderSVG.text(key, x: margin + 8, y: bandTop + 16, attributes: "font-weight=\"bold\" fill=\"#33691e\""), at: 1)
            y += 16
        }
        for connection in network.peeringConnections {
            guard let a = centre[connection.requester.vpcID], let b = centre[connection.accepter.vpcID] else { continue }
            let style = connection.isActive ? "stroke=\"#1565c0\" stroke-width=\"2\"" : "stroke=\"#c62828\" stroke-width=\"2\" stroke-dasharray=\"6,4\""
            let mx = (a.x + b.x) / 2, my = min(a.y, b.y) - 40
            lines.append("<path d=\"M\(a.x),\(a.y) Q\(mx),\(my) \(b.x),\(b.y)\" fill=\"none\" \(style) opacity=\"0.8\"><title>\(RenderSVG.escape("\(connection.id) \(connection.status.rawValue)"))</title></path>")
            lines.append(RenderSVG.text("\(connection.id) (\(connection.status.rawValue))", x: mx - 60, y: (a.y + b.y) / 2 - 18, attributes: "font-size=\"10\" fill=\"\(connection.isActive ? "#1565c0" : "#c62828")\""))
        }
        for attachment in network.transit.attachments where attachment.resourceType.rawValue == "vpc" {
            guard let vpc = attachment.resourceID, let a = centre[vpc], let g = gatewayPosition[attachment.transitGatewayID] else { continue }
            lines.append("<line x1=\"\(g.0)\" y1=\"\(g.1 + 22)\" x2=\"\(a.x)\" y2=\"\(a.top)\" stroke=\"#5e35b1\" stroke-width=\"1.5\" opacity=\"0.7\"><title>\(RenderSVG.escape("\(attachment.id) \(attachment.state.rawValue)"))</title></line>")
        }
        width = max(width, margin * 2 + Double(gateways.count) * 240)
        return """
        <svg xmlns="http://www.w3.org/2000/svg" width="\(width)" height="\(y)" viewBox="0 0 \(width) \(y)" font-family="Helvetica, Arial, sans-serif" font-size="11" role="img">
        <title>Network map</title>
        <rect width="100%" height="100%" fill="#ffffff"/>
        \((body + lines).joined(separator: "\n"))
        </svg>
        """
    }

    static func vpcBox(_ vpc: VPC, _ network: Network, x: Double, y: Double) -> ([String], Double) {
        var texts: [(String, String)] = []
        texts.append((vpc.id + (network.name(of: vpc.id).map { "  \($0)" } ?? ""), "font-weight=\"bold\""))
        texts.append((vpc.cidrBlocks.map(\.description).joined(separator: ", "), "fill=\"#455a64\""))
        var gateways: [String] = []
        gateways += network.internetGateways.filter { $0.attachments.contains { $0.vpcID == vpc.id } }.map { "IGW \($0.id)" }
        gateways += network.natGateways.filter { $0.vpcID == vpc.id }.map { "NAT \($0.id)" }
        gateways += network.edge.vpnGateways.filter { $0.attachments.contains { $0.vpcID == vpc.id } }.map { "VGW \($0.id)" }
        gateways += network.loadBalancing.loadBalancers.filter { $0.vpcID == vpc.id }.map { "LB \($0.name)" }
        for gateway in gateways.prefix(6) { texts.append((gateway, "fill=\"#6a1b9a\"")) }
        if gateways.count > 6 { texts.append(("… \(gateways.count - 6) more gateways", "fill=\"#6a1b9a\"")) }
        let subnets = network.subnets.filter { $0.vpcID == vpc.id }.sorted { $0.id < $1.id }
        var subnetLines: [String] = subnets.prefix(subnetLimit).map { subnet in
            let instances = network.networkInterfaces.filter { $0.subnetID == subnet.id && $0.instanceID != nil }.count
            return "\(subnet.cidrDescription) \(network.name(of: subnet.id) ?? subnet.id) · \(subnet.availabilityZone ?? "") · \(instances) inst."
        }
        if subnets.count > subnetLimit { subnetLines.append("… \(subnets.count - subnetLimit) more subnets") }
        let height = Double(texts.count) * 14 + Double(subnetLines.count) * 18 + 20
        var out = ["<rect x=\"\(x)\" y=\"\(y)\" width=\"\(boxWidth)\" height=\"\(height)\" rx=\"6\" fill=\"#ffffff\" stroke=\"#546e7a\" stroke-width=\"1.5\"/>"]
        var ty = y + 16
        for (text, attributes) in texts {
            out.append(RenderSVG.text(String(text.prefix(60)), x: x + 8, y: ty, attributes: attributes))
            ty += 14
        }
        let subnetIDs = subnets.prefix(subnetLimit).map(\.id) + (subnets.count > subnetLimit ? ["\(subnets.count - subnetLimit) more"] : [])
        for (index, line) in subnetLines.enumerated() {
            out.append("<rect x=\"\(x + 6)\" y=\"\(ty - 8)\" width=\"\(boxWidth - 12)\" height=\"15\" rx=\"3\" fill=\"#e3f2fd\" stroke=\"#90caf9\"><title>\(RenderSVG.escape(subnetIDs[index]))</title></rect>")
            out.append(RenderSVG.text(String(line.prefix(66)), x: x + 10, y: ty + 3, attributes: "font-size=\"10\""))
            ty += 18
        }
        return (out, height)
    }
}
