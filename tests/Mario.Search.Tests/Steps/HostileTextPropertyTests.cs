using FsCheck;
using FsCheck.Fluent;
using Mario.Search.Steps;

namespace Mario.Search.Tests.Steps;

public sealed class HostileTextPropertyTests
{
    private static readonly IStepFormat[] Formats =
    [
        new TaggedStepFormat(),
        new ReactStepFormat("{tool_desc}", "Q: {input}", [], 0),
        new RStarStepFormat(),
        new PlainCotStepFormat(),
    ];

    private static readonly string?[] Stops = [null, "</step>", "\n</code>", "<end_of_step>", "<end_of_code>", "<end_of_answer>", "\nObservation:", "\n\n"];

    [Fact]
    public void Parse_AnyText_ReturnsAValueNeverThrows()
    {
        // Model output is hostile: whatever the text and stop string, parsing yields one of the four results.
        Prop.ForAll<string, int>((text, stop) =>
        {
            text ??= "";
            var stopSequence = Stops[Math.Abs(stop % Stops.Length)];
            return Formats.All(f => f.Parse(text, stopSequence) is CodeStep or AnswerStep or ThoughtStep or Unparsable);
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Parse_TagSoup_ReturnsAValueNeverThrows()
    {
        var pieces = new[] { "<step>", "<p>", "</p>", "<code>", "```python", "```", "Final Answer:", "\\boxed{", "}", "{", "<answer>", "Action:", "Action Input:", "$", "\n" };
        Prop.ForAll(Gen.ArrayOf(Gen.Elements(pieces)).ToArbitrary(), parts =>
        {
            var text = string.Concat(parts);
            return Formats.All(f => f.Parse(text, "</step>") is not null && f.Parse(text, "<end_of_answer>") is not null);
        }).QuickCheckThrowOnFailure();
    }
}
