/// Fixed wording for every report: what EMG cannot see, benign causes, the disclaimer.
/// Source: the two patient articles in shared/articles (see docs/domain.md section 1).
public enum MedicalText {
    public static let disclaimer = """
        Twitchscope flags signal patterns that the medical literature associates with benign \
        causes or that may warrant a medical evaluation. It is not a medical device and does \
        not diagnose any condition; only a clinician can. Discuss any concern with a doctor.
        """

    /// Signs that warrant evaluation whatever the EMG shows, because EMG cannot see them.
    public static let notVisibleToEmg = [
        "muscle weakness",
        "numbness",
        "pain",
        "visible muscle wasting",
        "twitching that spreads to other body parts or keeps getting worse",
        "trouble balancing",
        "difficulty swallowing or speaking",
        "twitching that interferes with daily life",
    ]

    /// Benign causes the source articles name.
    public static let benignCauses = [
        "muscle fatigue after intense or prolonged exertion",
        "dehydration and electrolyte imbalance (sodium, potassium, calcium, magnesium), heavy sweating",
        "caffeine and other stimulants",
        "stress and anxiety",
        "lack of sleep",
        "some medications (diuretics, corticosteroids, estrogen)",
    ]

    /// Self-care the articles suggest for benign twitching.
    public static let selfCare = [
        "hydration and an electrolyte-rich diet",
        "less caffeine and other stimulants",
        "stress management and sleep hygiene",
        "gentle stretching, moderate exercise, massage",
    ]

    public static let notVisibleSentence =
        "EMG cannot see weakness, numbness, pain, wasting, spreading, or trouble balancing, swallowing or speaking: if any of these are present, seek a medical evaluation regardless of this result."
}
