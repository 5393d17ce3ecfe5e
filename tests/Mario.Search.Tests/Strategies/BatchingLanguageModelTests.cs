using Mario.Models.Scripted;
using Mario.Models;
using Mario.Search.Strategies;
using Mario.Testing;

namespace Mario.Search.Tests.Strategies;

public sealed class BatchingLanguageModelTests
{
    private static GenerationRequest Request(string prompt, int count = 1) => new(prompt, SamplingOptions.Greedy(), ["\n"], count);

    [Fact]
    public async Task GenerateAsync_ConcurrentCalls_OneInnerCallResultsRoutedBack()
    {
        var inner = new ScriptedLanguageModel().On("a", new ScriptedSample("A", null, -0.1)).On("b", new ScriptedSample("B", null, -0.1));
        await using var batching = new BatchingLanguageModel(inner, maxBatchRequests: 8, window: TimeSpan.FromMilliseconds(300));

        var first = batching.GenerateAsync([Request("a", 2)], default).AsTask();
        var second = batching.GenerateAsync([Request("b"), Request("a")], default).AsTask();
        var results = await Task.WhenAll(first, second);

        Assert.Equal(1, inner.Calls);
        Assert.Equal(["a", "b", "a"], inner.Requests.Select(r => r.Prompt));
        Assert.Equal(["A", "A"], results[0][0].Select(c => c.Text));
        Assert.Equal(["B", "A"], results[1].Select(r => r[0].Text));
    }

    [Fact]
    public async Task GenerateAsync_MaxBatchOne_EachCallAlone()
    {
        var inner = new ScriptedLanguageModel().On("", new ScriptedSample("x", null, -0.1));
        await using var batching = new BatchingLanguageModel(inner, maxBatchRequests: 1, window: TimeSpan.FromMilliseconds(50));

        await Task.WhenAll(batching.GenerateAsync([Request("a")], default).AsTask(), batching.GenerateAsync([Request("b")], default).AsTask());

        Assert.Equal(2, inner.Calls);
    }

    [Fact]
    public async Task GenerateAsync_InnerFails_EveryCallerSeesTheError()
    {
        var inner = new ScriptedLanguageModel(); // no rules: every prompt is an error
        await using var batching = new BatchingLanguageModel(inner, window: TimeSpan.FromMilliseconds(100));

        var first = batching.GenerateAsync([Request("a")], default).AsTask();
        var second = batching.GenerateAsync([Request("b")], default).AsTask();

        await Assert.ThrowsAsync<InvalidOperationException>(() => first);
        await Assert.ThrowsAsync<InvalidOperationException>(() => second);
    }

    [Fact]
    public async Task Search_ThroughBatching_SameTreeAsDirect()
    {
        var direct = await Tree.TreeDumpTests.SearchOnce(5, AnswerSelection.QValue, new ScriptedLanguageModel());
        var inner = new ScriptedLanguageModel();
        BatchingLanguageModel? batching = null;
        var viaBatching = await Tree.TreeDumpTests.SearchOnce(5, AnswerSelection.QValue, inner, p => batching = new BatchingLanguageModel(p));
        await batching!.DisposeAsync();

        Assert.Equal(direct.Tree.ToJson(), viaBatching.Tree.ToJson());
        Assert.Equal(inner.Calls, batching.InnerCalls);
        Assert.True(inner.Calls > 0);
    }
}
