using System.Globalization;
using System.Text;

namespace Ccs.Tokenization.Unicode;

/// <summary>
/// Unicode normalization forms (UAX #15) on compiled-in tables, because this tool runs with
/// <c>InvariantGlobalization</c>, where <see cref="string.Normalize(NormalizationForm)"/> has no ICU data:
/// decompose (tables + algorithmic Hangul), order marks by combining class, and for NFC/NFKC recompose.
/// </summary>
internal static class UnicodeNormalization
{
    private const int SBase = 0xAC00, LBase = 0x1100, VBase = 0x1161, TBase = 0x11A7;
    private const int LCount = 19, VCount = 21, TCount = 28, NCount = VCount * TCount, SCount = LCount * NCount;

    private static readonly Dictionary<int, int> Ccc = ParseMap(UnicodeNormalizationData.CombiningClasses, ':',
        v => Convert.ToInt32(v, 16));
    private static readonly Dictionary<int, int[]> Canonical = ParseMap(UnicodeNormalizationData.CanonicalDecompositions, '=', CodePoints);
    private static readonly Dictionary<int, int[]> Compatibility = ParseMap(UnicodeNormalizationData.CompatibilityDecompositions, '=', CodePoints);
    private static readonly Dictionary<(int, int), int> Composites = UnicodeNormalizationData.Composites.Split(';')
        .Select(e => e.Split('='))
        .ToDictionary(p => (CodePoints(p[0])[0], CodePoints(p[0])[1]), p => Convert.ToInt32(p[1], 16));

    public static string Normalize(string text, NormalizationForm form)
    {
        if (IsAscii(text)) return text;
        bool compatibility = form is NormalizationForm.FormKC or NormalizationForm.FormKD;
        var cps = Decompose(text, compatibility);
        if (form is NormalizationForm.FormC or NormalizationForm.FormKC) cps = Compose(cps);
        var sb = new StringBuilder(cps.Count);
        foreach (int cp in cps) sb.Append(char.ConvertFromUtf32(cp));
        return sb.ToString();
    }

    private static List<int> Decompose(string text, bool compatibility)
    {
        var result = new List<int>(text.Length);
        foreach (Rune r in text.EnumerateRunes())
        {
            int cp = r.Value;
            if (cp >= SBase && cp < SBase + SCount)
            {
                int s = cp - SBase;
                result.Add(LBase + s / NCount);
                result.Add(VBase + s % NCount / TCount);
                if (s % TCount != 0) result.Add(TBase + s % TCount);
            }
            else if (compatibility && Compatibility.TryGetValue(cp, out var k)) result.AddRange(k);
            else if (Canonical.TryGetValue(cp, out var d)) result.AddRange(d);
            else result.Add(cp);
        }
        // Canonical ordering: a stable sort of each run of non-starters by combining class.
        for (int i = 0; i < result.Count;)
        {
            if (ClassOf(result[i]) == 0)
            {
                i++;
                continue;
            }
            int end = i;
            while (end < result.Count && ClassOf(result[end]) != 0) end++;
            var run = result.GetRange(i, end - i).OrderBy(ClassOf).ToList();
            for (int j = 0; j < run.Count; j++) result[i + j] = run[j];
            i = end;
        }
        return result;
    }

    /// <summary>The canonical composition algorithm (UAX #15 section 1.3, the sample code of its Annex).</summary>
    private static List<int> Compose(List<int> cps)
    {
        if (cps.Count == 0) return cps;
        var result = new List<int>(cps.Count) { cps[0] };
        int starterPos = 0;
        int lastClass = ClassOf(cps[0]) == 0 ? 0 : 256;
        for (int i = 1; i < cps.Count; i++)
        {
            int ch = cps[i], chClass = ClassOf(ch);
            int? composite = ComposePair(result[starterPos], ch);
            if (composite is int c && (lastClass < chClass || lastClass == 0))
            {
                result[starterPos] = c;
                continue;
            }
            if (chClass == 0) starterPos = result.Count;
            lastClass = chClass;
            result.Add(ch);
        }
        return result;
    }

    private static int? ComposePair(int first, int second)
    {
        if (first >= LBase && first < LBase + LCount && second >= VBase && second < VBase + VCount)
            return SBase + ((first - LBase) * VCount + (second - VBase)) * TCount;
        if (first >= SBase && first < SBase + SCount && (first - SBase) % TCount == 0 && second > TBase && second < TBase + TCount)
            return first + (second - TBase);
        return Composites.TryGetValue((first, second), out int c) ? c : null;
    }

    private static int ClassOf(int cp) => Ccc.GetValueOrDefault(cp);

    private static bool IsAscii(string text)
    {
        foreach (char c in text)
            if (c > 0x7F) return false;
        return true;
    }

    private static int[] CodePoints(string hex) => hex.Split(' ').Select(h => Convert.ToInt32(h, 16)).ToArray();

    private static Dictionary<int, T> ParseMap<T>(string data, char separator, Func<string, T> value) => data.Split(';')
        .Select(e => e.Split(separator)).ToDictionary(p => Convert.ToInt32(p[0], 16), p => value(p[1]));
}
