namespace Mario.Tool.Suites;

/// <summary>How <c>suites pull</c> turns a downloaded source file into the normalized data file.</summary>
public enum PullNormalizer
{
    /// <summary>No automatic normalization: pull downloads <c>data.url</c> when the manifest has one, otherwise refuses.</summary>
    None,

    /// <summary>openai/grade-school-math JSONL: answer after <c>####</c> (commas removed), solution before it.</summary>
    Gsm8k,

    /// <summary>PRM800K MATH500 JSONL: question=problem; answer, solution, subject, level, unique_id kept.</summary>
    Math500,
}
