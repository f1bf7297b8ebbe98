/// Citations for every threshold and statement, in one place so reports quote them the
/// same way. Numbers and their context are summarised in docs/domain.md.
public enum LiteratureSource {
    public static let articleWhy = "\"Why Does My Knee Keep Twitching? Causes and When to Worry\" (patient article)"
    public static let articleCauses = "\"Knee Twitching: Causes, Symptoms, and Treatment Options\" (patient article, 2024)"
    public static let vanDerHeijden1994 = "van der Heijden et al. 1994: healthy tibialis anterior never above 3 fasciculations/min"
    public static let avid2020 = "Bashford et al. 2020 (AVID): ALS median 40.5/min, IQR 10.6-79.4, biceps/gastrocnemius"
    public static let bashford2020Bfs = "Bashford et al. 2020: fasciculation rates in ALS biceps 10x-40x those in benign fasciculation syndrome"
    public static let zhou2012 = "Zhou et al. 2012: about 2 min of rest gives P~0.95 of capturing five FPs where they occur"
    public static let deCarvalhoSwash2013 = "de Carvalho & Swash 2013: polyphasic FP share about 10 % rising to 23 % in denervated muscle"
    public static let simpson1969 = "Simpson 1969: doublets are two discharges of one unit 2.5-20 ms apart (Kleine 2012: 30-40 ms pairs are F-waves, not a flag)"
    public static let sleutjes2016 = "Sleutjes et al. 2016: isolated discharges of two or more units in a 10-s window in 24 % of windows in patients vs <1 % in controls"
    public static let tremorBands = "Clin Neurophysiol Pract 2025;10:188 (rest tremor 4-7 Hz, orthostatic 13-18 Hz); Elble 1986 (physiological tremor 8-12 Hz)"
    public static let myokymia = "MedLink (Wymer); AANEM glossary: grouped discharges, intra-burst 5-60 Hz, bursts recurring 0.1-10/s (glossary figures, unverified)"
    public static let neuromyotonia = "Maddison 2006: neuromyotonic discharges 30-300 Hz, runs >150 Hz for 0.5-2 s"
    public static let fatigueQuadriceps = "Minoshima 2022: vastus medialis MDF slope -0.4 to -0.6 %/s; Hendrix 2009: near zero below ~21 % MVC; Tomazin 2008: MDF -11 %, amplitude +33 %"
    public static let seniam = "SENIAM/ISEK recommendations: 10-20 Hz high-pass, 450-500 Hz low-pass, sample at >= 1 kHz; MDF unreliable below 512 Hz sampling"
    public static let spiqe2019 = "Bashford et al. 2019 (SPiQE): 100 uV exclusion threshold for noisy epochs"
}
