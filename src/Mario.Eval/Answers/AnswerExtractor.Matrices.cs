namespace Mario.Eval.Answers;

public static partial class AnswerExtractor
{
    private static readonly string[] MatrixNames = ["pmatrix", "bmatrix", "vmatrix", "Bmatrix", "Vmatrix", "matrix", "array"];

    // The last \begin{pmatrix|bmatrix|...|array}...\end{same} in the text (backwards scans, no nesting), matrices written
    // without math delimiters after a lead-in ("Here is the product:").
    private static (int Start, int End, string Content)? LastMatrix(string text)
    {
        (int Start, int End, string Content)? best = null;
        foreach (var name in MatrixNames)
        {
            var close = "\\end{" + name + "}";
            var end = text.LastIndexOf(close, StringComparison.Ordinal);
            if (end < 0 || (best is { } b && end + close.Length <= b.End))
            {
                continue;
            }

            var start = text.LastIndexOf("\\begin{" + name + "}", end, StringComparison.Ordinal);
            if (start >= 0)
            {
                var stop = end + close.Length;
                best = (start, stop, text[start..stop]);
            }
        }

        return best;
    }
}
