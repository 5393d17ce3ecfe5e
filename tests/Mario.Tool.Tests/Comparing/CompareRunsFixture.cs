using Mario.Tool.Tests.Support;

namespace Mario.Tool.Tests.Comparing;

/// <summary>Three real runs of math500-mini (which has levels and subjects) and one of gsm8k-test-mini, made once.</summary>
public sealed class CompareRunsFixture : IAsyncLifetime
{
    private readonly TempDirectory _temp = new();

    public string Temp => _temp.Path;

    /// <summary>Right where i % 3 != 0 (problems 1, 2, 4, 5, 7, 8, 10, 11): 8 of 12.</summary>
    public string A { get; private set; } = "";

    /// <summary>Right on even problems: 6 of 12.</summary>
    public string B { get; private set; } = "";

    /// <summary>Right on every problem: 12 of 12.</summary>
    public string C { get; private set; } = "";

    /// <summary>A run of another suite.</summary>
    public string Gsm { get; private set; } = "";

    public async Task InitializeAsync()
    {
        var a = ScriptedRuns.WriteModel(_temp.Combine("a.json"), "model-a", "math500-mini", i => i % 3 != 0);
        var b = ScriptedRuns.WriteModel(_temp.Combine("b.json"), "model-b", "math500-mini", i => i % 2 == 0);
        var c = ScriptedRuns.WriteModel(_temp.Combine("c.json"), "model-c", "math500-mini", _ => true);
        var gsm = ScriptedRuns.WriteModel(_temp.Combine("gsm.json"), "model-gsm", "gsm8k-test-mini", _ => true);
        A = await ScriptedRuns.EvalAsync(a, _temp.Combine("a"), "math500-mini");
        B = await ScriptedRuns.EvalAsync(b, _temp.Combine("b"), "math500-mini");
        C = await ScriptedRuns.EvalAsync(c, _temp.Combine("c"), "math500-mini");
        Gsm = await ScriptedRuns.EvalAsync(gsm, _temp.Combine("gsm"), "gsm8k-test-mini");
    }

    public Task DisposeAsync()
    {
        _temp.Dispose();
        return Task.CompletedTask;
    }
}
