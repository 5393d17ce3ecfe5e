namespace Mario.Search.Strategies;

/// <summary>How children are made from samples.</summary>
/// <param name="MaxDepth">A non-answer step at this depth ends its branch with MaxDepth.</param>
/// <param name="MaxConsecutiveCodeErrors">A branch ends with TooManyCodeErrors once consecutive failing code steps exceed this.</param>
/// <param name="Dedupe">Which repeated samples of one request are dropped (order kept).</param>
/// <param name="SingleAnswerSample">When any sample is an answer step, keep only the first answer sample (rStar: an answer never branches).</param>
internal sealed record ExpansionRules(int MaxDepth, int MaxConsecutiveCodeErrors, SampleDedupe Dedupe, bool SingleAnswerSample = false);
