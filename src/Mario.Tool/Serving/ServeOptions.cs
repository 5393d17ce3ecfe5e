using System.Net;
using Mario.Models;

namespace Mario.Tool.Serving;

/// <summary>What <c>mario serve</c> hosts and where; validated once by <see cref="TryCreate"/>.</summary>
/// <param name="Model">The policy: tiny or local:DIR.</param>
/// <param name="ValueModel">The value head behind <c>POST /pooling</c>: tiny or local:DIR, or null for none.</param>
/// <param name="Host">The address to bind (127.0.0.1 unless told otherwise).</param>
/// <param name="Port">TCP port, 0 to 65535; 0 lets the system pick one.</param>
/// <param name="ServedModelName">The policy's name on the wire, or null for the default (tiny, or the folder's name).</param>
/// <param name="BatchWindow">How long a batch of concurrent requests waits for more before it enters the engine, 0 to 10 s.</param>
/// <param name="MaxBatchRequests">Most prompts merged into one engine call, at least 1.</param>
internal sealed record ServeOptions(
    ModelSpec Model,
    ModelSpec? ValueModel,
    IPAddress Host,
    int Port,
    string? ServedModelName,
    TimeSpan BatchWindow,
    int MaxBatchRequests)
{
    /// <summary>Validates command-line values; returns the options or one error line naming the option.</summary>
    public static (ServeOptions? Options, string? Error) TryCreate(
        string? model, string? valueModel, string host, int port, string? servedName, int batchWindowMs, int maxBatch)
    {
        if (model is null)
        {
            return (null, "--model is required, e.g. --model tiny or --model local:models/my-model");
        }

        if (!TryServable("--model", model, out var policy, out var error))
        {
            return (null, error);
        }

        ModelSpec? value = null;
        if (valueModel is not null)
        {
            if (!TryServable("--value-model", valueModel, out var v, out error))
            {
                return (null, error);
            }

            value = v;
        }

        var address = host == "localhost" ? IPAddress.Loopback : IPAddress.TryParse(host, out var parsed) ? parsed : null;
        if (address is null)
        {
            return (null, $"--host {host}: expected an IP address such as 127.0.0.1 (the default), ::1 or 0.0.0.0");
        }

        if (port is < 0 or > 65535)
        {
            return (null, $"--port {port}: expected 0 (pick a free port) to 65535");
        }

        if (servedName is { } name && (name.Length == 0 || name.Any(char.IsWhiteSpace)))
        {
            return (null, $"--served-model-name '{name}': expected a non-empty name without spaces");
        }

        if (batchWindowMs is < 0 or > 10_000)
        {
            return (null, $"--batch-window-ms {batchWindowMs}: expected 0 to 10000");
        }

        if (maxBatch < 1)
        {
            return (null, $"--max-batch {maxBatch}: expected at least 1");
        }

        return (new ServeOptions(policy, value, address, port, servedName, TimeSpan.FromMilliseconds(batchWindowMs), maxBatch), null);
    }

    private static bool TryServable(string option, string text, out ModelSpec spec, out string error)
    {
        if (!ModelSpec.TryParse(text, out spec, out error))
        {
            error = $"{option} {text}: {error}";
            return false;
        }

        if (spec.Kind is not (ModelSpecKind.Tiny or ModelSpecKind.Local))
        {
            error = $"{option} {text}: mario serve hosts its own engine: expected tiny or local:DIR";
            return false;
        }

        return true;
    }
}
