import AWSSnapshot
import Foundation
import Questions
import TerraformPlan

/// Answers read from Terraform name the Terraform address of every AWS id they mention: a legend after the answer
/// (`sg-0abc… = aws_security_group.web`). Ids unknown until apply are addresses already.
func terraformAnnotated(_ text: String, _ input: LoadedInput) -> String {
    guard let terraform = input.terraform else { return text }
    let legend = terraformLegend(text, terraform)
    return legend.isEmpty ? text : text + "\nTerraform:\n" + legend.map { "  \($0.id) = \($0.address)" }.joined(separator: "\n")
}

/// The ids a text mentions that have a Terraform address other than themselves, in order of first mention.
func terraformLegend(_ text: String, _ terraform: TerraformNetwork) -> [(id: String, address: String)] {
    var found: [(position: String.Index, id: String, address: String)] = []
    for (id, address) in terraform.addresses where id != address {
        if let range = text.range(of: id) { found.append((range.lowerBound, id, address)) }
    }
    return found.sorted { $0.position < $1.position }.map { ($0.id, $0.address) }
}

/// A fix answer, and with Terraform input each change to a Terraform-managed resource as an HCL change (the same
/// changes the fix search applied to the network and checked by asking again).
func terraformFixText(_ result: FixQuestionResult, _ input: LoadedInput) -> String {
    let text = terraformAnnotated(FixRendering.text(result), input)
    guard let terraform = input.terraform else { return text }
    let hcl = HCLFixRendering.text(result, addresses: terraform.addresses, inlineRuleGroups: terraform.inlineRuleGroups)
    return hcl.isEmpty ? text : text + "\n" + hcl
}

/// A JSON answer, and with Terraform input a `terraform` member: the Terraform address of each id it mentions.
func terraformAnnotatedJSON(_ json: String, _ input: LoadedInput) -> String {
    guard let terraform = input.terraform else { return json }
    let legend = terraformLegend(json, terraform)
    let parsed: JSONValue
    do { parsed = try JSONParser.parse(Array(json.utf8)) } catch { return json }  // not an object we rendered: as it is
    guard !legend.isEmpty, case .object(var object) = parsed else { return json }
    object.set("terraform", .object(JSONObject(legend.map { ($0.id, JSONValue.string($0.address)) })))
    return JSONValue.object(object).text(JSONLayout(indentUnit: "  ", keySeparator: " : "))
}
