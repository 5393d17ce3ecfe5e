using System.CommandLine;
using Mario.Tool.Cli;
using Mario.Tool.Serving;

namespace Mario.Tool.Commands;

/// <summary><c>dotnet mario serve</c>: mario's CPU engine behind vLLM's HTTP wire, for evaluating over HTTP and for tests.</summary>
public static class ServeCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        // Checked in the action rather than with Required, so that a missing --model exits 2 with an example.
        var model = new Option<string?>("--model") { Description = "Required: the policy, tiny or local:DIR (a Hugging Face folder)." };
        var value = new Option<string?>("--value-model") { Description = "The value head behind POST /pooling: tiny or local:DIR (the same spec as --model shares its engine)." };
        var host = new Option<string>("--host") { Description = "Address to bind (default 127.0.0.1: loopback only; 0.0.0.0 exposes the server to the network).", DefaultValueFactory = _ => "127.0.0.1" };
        var port = new Option<int>("--port") { Description = "TCP port (default 8000, as vLLM); 0 picks a free one.", DefaultValueFactory = _ => 8000 };
        var name = new Option<string?>("--served-model-name") { Description = "The policy's name on the wire (default: tiny, or the folder's name)." };
        var window = new Option<int>("--batch-window-ms") { Description = "How long concurrent requests are gathered into one engine batch, 0 to 10000 (default 5).", DefaultValueFactory = _ => 5 };
        var maxBatch = new Option<int>("--max-batch") { Description = "Most prompts merged into one engine call (default 64).", DefaultValueFactory = _ => 64 };
        var command = new Command(
            "serve",
            """
            Serve mario's CPU engine over HTTP with vLLM's wire format, so that `eval --model openai:URL#NAME` (or any
            OpenAI-compatible client) can use it: GET /v1/models, GET /version, GET /health, POST /v1/completions
            (prompt, n, stop, max_tokens, temperature, top_p, top_k, seed, logprobs, include_stop_str_in_output) and
            POST /pooling for the value head. A seeded request gives exactly the completion eval gets in-process.
            Concurrent requests are batched into the engine. Prints 'listening on http://HOST:PORT' on stderr once
            ready; Ctrl-C or SIGTERM stops it after the requests in flight.

            Examples:
              dotnet mario serve --model tiny --value-model tiny --port 0
                listening on http://127.0.0.1:41234
              dotnet mario serve --model local:models/qwen2.5-0.5b --port 8000 --served-model-name qwen
              curl -s http://127.0.0.1:8000/v1/completions -H 'Content-Type: application/json' \
                -d '{"model":"qwen","prompt":"1+1=","max_tokens":8,"temperature":0,"stop":["\n"]}'
              dotnet mario eval --model openai:http://127.0.0.1:8000/v1#qwen --suite gsm8k-test-mini
            """);
        command.Options.Add(model);
        command.Options.Add(value);
        command.Options.Add(host);
        command.Options.Add(port);
        command.Options.Add(name);
        command.Options.Add(window);
        command.Options.Add(maxBatch);
        command.SetAction(async (ParseResult r, CancellationToken ct) =>
        {
            var error = r.InvocationConfiguration.Error;
            var (options, problem) = ServeOptions.TryCreate(
                r.GetValue(model), r.GetValue(value), r.GetValue(host)!, r.GetValue(port), r.GetValue(name), r.GetValue(window), r.GetValue(maxBatch));
            if (options is null)
            {
                await error.WriteLineAsync("error: " + problem).ConfigureAwait(false);
                return ExitCodes.Usage;
            }

            return await RunAsync(options, error, ct).ConfigureAwait(false);
        });
        return command;
    }

    /// <summary>Serves until <paramref name="cancellationToken"/> fires (Ctrl-C, SIGTERM); returns the exit code.</summary>
    internal static async Task<int> RunAsync(ServeOptions options, TextWriter error, CancellationToken cancellationToken)
    {
        var (server, failure) = await MarioServer.StartAsync(options, error, cancellationToken).ConfigureAwait(false);
        if (server is null)
        {
            await error.WriteLineAsync("error: " + failure).ConfigureAwait(false);
            return ExitCodes.Usage;
        }

        await using (server.ConfigureAwait(false))
        {
            await error.WriteLineAsync($"listening on {server.Address.GetLeftPart(UriPartial.Authority)}").ConfigureAwait(false);
            await error.FlushAsync(CancellationToken.None).ConfigureAwait(false);
            try
            {
                await Task.Delay(Timeout.Infinite, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // Ctrl-C or SIGTERM: the normal way to stop.
            }
        }

        await error.WriteLineAsync("stopped").ConfigureAwait(false);
        return ExitCodes.Ok;
    }
}
