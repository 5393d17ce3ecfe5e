using Mario.Models;
using Mario.Models.Clients;
using Mario.Testing.Http;
using Mario.Tool.Tests.Support;

namespace Mario.Tool.Tests.Clients;

public sealed class CachingLanguageModelTests
{
    [Fact]
    public async Task Cache_RepeatedGreedyRequests_MakeNoServerCall()
    {
        using var temp = new TempDirectory();
        await using var server = await LoopbackModelServer.StartAsync(OpenAiClientTests.Script());
        var requests = new[] { OpenAiClientTests.Request("Q: two plus two?"), OpenAiClientTests.Request("Q: long?") };

        IReadOnlyList<IReadOnlyList<Completion>> first, second;
        using (var client = await OpenAiCompatibleClient.ConnectAsync(OpenAiClientTests.Options(server.Url)))
        using (var cache = CachingLanguageModel.Open(client, client.Fingerprint, temp.Path, cacheSampled: false))
        {
            first = await cache.GenerateAsync(requests, default);
            Assert.Equal(2, cache.Misses);
        }

        var calls = server.GenerationCalls;
        using (var client = await OpenAiCompatibleClient.ConnectAsync(OpenAiClientTests.Options(server.Url)))
        using (var cache = CachingLanguageModel.Open(client, client.Fingerprint, temp.Path, cacheSampled: false))
        {
            second = await cache.GenerateAsync(requests, default);
            Assert.Equal(2, cache.Hits);
            Assert.Equal(0, cache.Misses);
        }

        Assert.Equal(2, calls);
        Assert.Equal(calls, server.GenerationCalls);
        Assert.Equal(first.SelectMany(r => r), second.SelectMany(r => r), new CompletionComparer());
    }

    [Fact]
    public async Task Cache_SampledRequests_AreCachedOnlyWhenOptedIn_AndKeyedBySeed()
    {
        using var temp = new TempDirectory();
        await using var server = await LoopbackModelServer.StartAsync(OpenAiClientTests.Script());
        using var client = await OpenAiCompatibleClient.ConnectAsync(OpenAiClientTests.Options(server.Url));
        var sampled = OpenAiClientTests.Request("Q: two plus two?", count: 2, temperature: 0.8f, seed: 1);

        using (var off = CachingLanguageModel.Open(client, client.Fingerprint, temp.Path, cacheSampled: false))
        {
            await off.GenerateAsync([sampled], default);
            await off.GenerateAsync([sampled], default);
            Assert.Equal(0, off.Hits);
        }

        Assert.Equal(2, server.GenerationCalls);
        using var on = CachingLanguageModel.Open(client, client.Fingerprint, temp.Path, cacheSampled: true);
        await on.GenerateAsync([sampled], default);
        await on.GenerateAsync([sampled], default);
        await on.GenerateAsync([sampled with { Sampling = sampled.Sampling with { Seed = 2 } }], default);
        await on.GenerateAsync([sampled with { Sampling = sampled.Sampling with { MinP = 0.1f } }], default);
        Assert.Equal(1, on.Hits);
        Assert.Equal(3, on.Misses);
        Assert.Equal(5, server.GenerationCalls);
    }

    [Fact]
    public async Task Cache_OtherServerFingerprint_Misses()
    {
        using var temp = new TempDirectory();
        await using var v1 = await LoopbackModelServer.StartAsync(OpenAiClientTests.Script(), new LoopbackServerOptions { Version = "0.10.0" });
        await using var v2 = await LoopbackModelServer.StartAsync(OpenAiClientTests.Script(), new LoopbackServerOptions { Version = "0.11.0" });
        using var c1 = await OpenAiCompatibleClient.ConnectAsync(OpenAiClientTests.Options(v1.Url));
        using var c2 = await OpenAiCompatibleClient.ConnectAsync(OpenAiClientTests.Options(v2.Url));
        var request = OpenAiClientTests.Request("Q: two plus two?");

        using (var cache = CachingLanguageModel.Open(c1, c1.Fingerprint, temp.Path, cacheSampled: false))
        {
            await cache.GenerateAsync([request], default);
        }

        using var other = CachingLanguageModel.Open(c2, c2.Fingerprint, temp.Path, cacheSampled: false);
        await other.GenerateAsync([request], default);

        Assert.NotEqual(c1.Fingerprint, c2.Fingerprint);
        Assert.Equal(0, other.Hits);
        Assert.Equal(1, v2.GenerationCalls);
    }

    private sealed class CompletionComparer : IEqualityComparer<Completion>
    {
        public bool Equals(Completion? x, Completion? y) =>
            x is not null && y is not null && x.Text == y.Text && x.Finish == y.Finish && x.StopSequence == y.StopSequence
            && x.PromptTokens == y.PromptTokens && x.CompletionTokens == y.CompletionTokens
            && (x.TokenLogProbs ?? []).SequenceEqual(y.TokenLogProbs ?? []);

        public int GetHashCode(Completion obj) => obj.Text.GetHashCode(StringComparison.Ordinal);
    }
}
