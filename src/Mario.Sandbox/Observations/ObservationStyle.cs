namespace Mario.Sandbox.Observations;

/// <summary>Whose interpreter observations to reproduce.</summary>
public enum ObservationStyle
{
    /// <summary>
    /// Super_MARIO / AlphaMath (<c>python_tool.py</c>): errors as <c>ExcName: message</c>, a lone float rounded to
    /// 4 places when that is shorter, outputs over 500 characters cut to the first 250 + <c>...</c> + the last 250,
    /// then stripped; a timeout reads <c>TimeoutError: Execution of the code snippet has timed out for exceeding N seconds.</c>
    /// </summary>
    SuperMario,

    /// <summary>
    /// rStar-Math (same interpreter class, <c>max_length=1024</c>): the same text rules with a 1024-character cut
    /// (512 + <c>...</c> + 512); an error observation ends the branch.
    /// </summary>
    RStar,
}
