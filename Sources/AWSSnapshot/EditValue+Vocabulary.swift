import NetworkModel

extension EditValue {
    /// A word of an AWS vocabulary (a state, a resource type), written as AWS prints it.
    static func string(_ word: some AWSVocabulary) -> EditValue { .string(word.rawValue) }
}
