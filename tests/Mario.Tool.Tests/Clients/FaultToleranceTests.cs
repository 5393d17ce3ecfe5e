using Mario.Models;
using Mario.Models.Clients;
using Mario.Testing.Http;

namespace Mario.Tool.Tests.Clients;

/// <summary>The HTTP policy through a fault-injecting proxy on 127.0.0.1 in front of a real loopback server.</summary>
public sealed class FaultToleranceTests
{
    public static TheoryData<string> Faults => ["reset", "truncate", "malformed", "429", "500", "503", "delay-past-timeout", "restart"];

    private static ProxyFault[] FaultsFor(string name) => name switch
    {
        "reset" => [ProxyFault.Reset, ProxyFault.Reset],
        "truncate" => [ProxyFault.Truncate],
        "malformed" => [ProxyFault.Malformed, ProxyFault.Malformed],
        "429" => [ProxyFault.WithStatus(429), ProxyFault.WithStatus(429)],
        "500" => [ProxyFault.WithStatus(500)],
        "503" => [ProxyFault.WithStatus(503), ProxyFault.WithStatus(502), ProxyFault.WithStatus(504)],
        "delay-past-timeout" => [ProxyFault.Delay(TimeSpan.FromSeconds(3))],
        "restart" => [ProxyFault.Outage(TimeSpan.FromMilliseconds(300))],
        _ => throw new ArgumentOutOfRangeException(nameof(name)),
    };

    [Theory]
    [MemberData(nameof(Faults))]
    public async Task Generate_TransientFault_IsRetriedToTheSameAnswer(string fault)
    {
        await using var server = await LoopbackModelServer.StartAsync(OpenAiClientTests.Script());
        await using var proxy = FaultProxy.Start(server.Url);
        var options = OpenAiClientTests.Options(proxy.Url) with { AttemptTimeout = TimeSpan.FromSeconds(1), RetryBaseDelay = TimeSpan.FromMilliseconds(100), MaxRetries = 6 };
        using var client = await OpenAiCompatibleClient.ConnectAsync(options);
        var faults = FaultsFor(fault);
        proxy.Enqueue(faults);

        var result = (await client.GenerateAsync([OpenAiClientTests.Request("Q: two plus two?", count: 3, temperature: 1f)], default))[0];

        Assert.Equal([" 2 + 2 = 4 ", " four", " 4"], result.Select(c => c.Text));
        Assert.Equal(faults.Length, proxy.Injected);
        // A restart refuses connections until it is back: as many retries as that takes, at least one.
        if (fault == "restart")
        {
            Assert.InRange(client.Info.Retries, 1, 6);
        }
        else
        {
            Assert.Equal(faults.Length, client.Info.Retries);
        }

        Assert.Equal(0, client.Info.Failures);
        Assert.Equal(1, client.Info.Requests);
    }

    [Fact]
    public async Task Generate_PersistentFault_FailsAfterBoundedRetries_NamingTheUrl()
    {
        await using var server = await LoopbackModelServer.StartAsync(OpenAiClientTests.Script());
        await using var proxy = FaultProxy.Start(server.Url);
        using var client = await OpenAiCompatibleClient.ConnectAsync(OpenAiClientTests.Options(proxy.Url) with { MaxRetries = 2 });
        proxy.Enqueue(Enumerable.Repeat(ProxyFault.WithStatus(500), 10).ToArray());

        var error = await Assert.ThrowsAsync<ModelServerException>(async () => await client.GenerateAsync([OpenAiClientTests.Request("Q: two plus two?")], default));

        Assert.Equal($"{proxy.Url}/v1/completions: HTTP 500: {{\"error\":{{\"message\":\"injected 500\"}}}} (after 3 attempts)", error.Message);
        Assert.Equal(3, proxy.Injected);
        Assert.Equal(1, client.Info.Failures);
        Assert.Equal(0, server.GenerationCalls);
    }

    [Fact]
    public async Task Generate_ServerGoneForGood_IsUnreachable()
    {
        var server = await LoopbackModelServer.StartAsync(OpenAiClientTests.Script());
        using var client = await OpenAiCompatibleClient.ConnectAsync(OpenAiClientTests.Options(server.Url) with { MaxRetries = 2 });
        await server.DisposeAsync();

        var error = await Assert.ThrowsAsync<BackendUnreachableException>(async () => await client.GenerateAsync([OpenAiClientTests.Request("Q: two plus two?")], default));

        Assert.Contains(server.Url, error.Message);
        Assert.Contains("connection refused after 3 attempts", error.Message);
    }

    [Fact]
    public async Task Generate_BadRequest_IsNotRetried()
    {
        await using var server = await LoopbackModelServer.StartAsync(OpenAiClientTests.Script());
        await using var proxy = FaultProxy.Start(server.Url);
        using var client = await OpenAiCompatibleClient.ConnectAsync(OpenAiClientTests.Options(proxy.Url));
        proxy.Enqueue(ProxyFault.WithStatus(400));

        var error = await Assert.ThrowsAsync<ModelServerException>(async () => await client.GenerateAsync([OpenAiClientTests.Request("Q: two plus two?")], default));

        Assert.StartsWith($"{proxy.Url}/v1/completions: HTTP 400", error.Message);
        Assert.DoesNotContain("attempts", error.Message);
        Assert.Equal(0, client.Info.Retries);
    }
}
