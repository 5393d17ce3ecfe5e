using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Mario.Models;
using Mario.Tool.Runs;
using Mario.Tool.Serving.Wire;
using Microsoft.AspNetCore.Http;

namespace Mario.Tool.Serving;

/// <summary>
/// The request handlers of <c>mario serve</c>, dispatched on method and path. Every request body is hostile input:
/// it is parsed with the source-generated wire types, checked field by field, and a problem is answered with an
/// OpenAI-style error naming the field; an unexpected exception is a 500 for that request alone.
/// </summary>
internal sealed class ServeEndpoints
{
    private const string Routes = "GET /v1/models, GET /version, GET /health, POST /v1/completions, POST /pooling";
    private static readonly HashSet<string> PoolingTasks = new(StringComparer.Ordinal) { "reward", "classify", "score", "encode", "embed" };

    private readonly ServedModels _models;
    private readonly ILanguageModel _policy;
    private readonly TextWriter _log;
    private readonly long _started = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
    private long _requests;
    private long _completionRequests;

    /// <summary>Handlers over <paramref name="models"/>; completions go through <paramref name="policy"/> (the batching wrapper).</summary>
    public ServeEndpoints(ServedModels models, ILanguageModel policy, TextWriter log)
    {
        _models = models;
        _policy = policy;
        _log = log;
    }

    /// <summary>Completion requests that passed validation so far.</summary>
    public long CompletionRequests => Interlocked.Read(ref _completionRequests);

    /// <summary>Routes one request; never throws for a request's sake.</summary>
    public async Task DispatchAsync(HttpContext context)
    {
        var number = Interlocked.Increment(ref _requests);
        var request = context.Request;
        try
        {
            var route = (request.Method, request.Path.Value ?? "");
            await (route switch
            {
                ("GET", "/v1/models") => WriteAsync(context, 200, Models(), ServeJsonContext.Default.ModelListBody),
                ("GET", "/version") => WriteAsync(context, 200, new VersionBody(ToolInfo.Version, "mario", ToolInfo.Commit), ServeJsonContext.Default.VersionBody),
                ("GET", "/health") => Task.CompletedTask,
                ("POST", "/v1/completions") => CompletionsAsync(context, number),
                ("POST", "/pooling") => PoolingAsync(context, number),
                (_, "/v1/models" or "/version" or "/health" or "/v1/completions" or "/pooling") =>
                    ErrorAsync(context, new ServeError(405, null, $"{request.Method} {route.Item2} is not allowed; routes: {Routes}")),
                _ => ErrorAsync(context, new ServeError(404, null, $"no route {request.Method} {route.Item2}; routes: {Routes}")),
            }).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The client went away; nobody is left to answer.
        }
        catch (Exception ex)
        {
            // A bug, not the request's fault: say so on stderr and to the client, and keep serving.
            await _log.WriteLineAsync($"error: request {number} ({request.Method} {request.Path}): {ex.GetType().Name}: {ex.Message}").ConfigureAwait(false);
            if (!context.Response.HasStarted)
            {
                await ErrorAsync(context, new ServeError(500, null, $"internal error: {ex.GetType().Name}: {ex.Message}")).ConfigureAwait(false);
            }
        }
    }

    private ModelListBody Models()
    {
        var window = _models.Policy.Engine.ContextLimit;
        var cards = new List<ModelCardBody> { new(_models.PolicyName, "model", _started, "mario", _models.PolicyRoot, window) };
        if (_models.Value is { } value && _models.ValueName != _models.PolicyName)
        {
            cards.Add(new ModelCardBody(_models.ValueName!, "model", _started, "mario", _models.ValueRoot!, value.Engine.ContextLimit));
        }

        return new ModelListBody("list", cards);
    }

    private async Task CompletionsAsync(HttpContext context, long number)
    {
        var (body, readError) = await ReadAsync(context, ServeJsonContext.Default.CompletionRequestBody).ConfigureAwait(false);
        if (body is null)
        {
            await ErrorAsync(context, readError!).ConfigureAwait(false);
            return;
        }

        if (body.Model is { } name && name != _models.PolicyName)
        {
            await ErrorAsync(context, UnknownModel(name, _models.PolicyName)).ConfigureAwait(false);
            return;
        }

        var (plan, planError) = CompletionPlan.Create(body);
        if (plan is null)
        {
            await ErrorAsync(context, planError!).ConfigureAwait(false);
            return;
        }

        Interlocked.Increment(ref _completionRequests);
        IReadOnlyList<IReadOnlyList<Completion>> outputs;
        try
        {
            outputs = await _policy.GenerateAsync(plan.Requests, context.RequestAborted).ConfigureAwait(false);
        }
        catch (ArgumentException ex)
        {
            // CompletionPlan checks what the engine checks; this is a second line of defence.
            await ErrorAsync(context, ServeError.BadRequest(null, ex.Message)).ConfigureAwait(false);
            return;
        }

        var choices = new List<CompletionChoiceBody>();
        var promptTokens = 0;
        var completionTokens = 0;
        for (var i = 0; i < outputs.Count; i++)
        {
            var group = outputs[i];
            promptTokens += group.Count > 0 ? group[0].PromptTokens : 0;
            foreach (var c in group)
            {
                completionTokens += c.CompletionTokens;
                var text = plan.IncludeStop && c.StopSequence is { } stop ? c.Text + stop : c.Text;
                var logprobs = plan.Logprobs ? new LogprobsBody(c.TokenLogProbs ?? [], null, null, null) : null;
                choices.Add(new CompletionChoiceBody(
                    choices.Count, text, logprobs, c.Finish == FinishReason.Stop ? "stop" : "length", c.StopSequence, c.PromptTokens, c.CompletionTokens));
            }
        }

        var response = new CompletionResponseBody(
            $"cmpl-mario-{number}", "text_completion", DateTimeOffset.UtcNow.ToUnixTimeSeconds(), _models.PolicyName, choices,
            new UsageBody(promptTokens, completionTokens, promptTokens + completionTokens));
        await WriteAsync(context, 200, response, ServeJsonContext.Default.CompletionResponseBody).ConfigureAwait(false);
    }

    private async Task PoolingAsync(HttpContext context, long number)
    {
        var (body, readError) = await ReadAsync(context, ServeJsonContext.Default.PoolingRequestBody).ConfigureAwait(false);
        if (body is null)
        {
            await ErrorAsync(context, readError!).ConfigureAwait(false);
            return;
        }

        if (_models.Value?.ValueModel is not { } valueModel)
        {
            await ErrorAsync(context, new ServeError(404, "model", "this server has no value model; start it with --value-model tiny or --value-model local:DIR")).ConfigureAwait(false);
            return;
        }

        if (body.Model is { } name && name != _models.ValueName)
        {
            await ErrorAsync(context, UnknownModel(name, _models.ValueName!)).ConfigureAwait(false);
            return;
        }

        if (CheckPooling(body) is { } problem)
        {
            await ErrorAsync(context, problem).ConfigureAwait(false);
            return;
        }

        var texts = body.Input!;
        var scores = await valueModel.ScoreAsync(texts, context.RequestAborted).ConfigureAwait(false);
        var tokens = texts.Sum(t => _models.Value.Tokenizer.Encode(t).Length);
        var data = scores.Select((s, i) => new PoolingDataBody(i, "pooling", [s])).ToArray();
        var response = new PoolingResponseBody(
            $"pool-mario-{number}", "list", DateTimeOffset.UtcNow.ToUnixTimeSeconds(), _models.ValueName!, data, new UsageBody(tokens, 0, tokens));
        await WriteAsync(context, 200, response, ServeJsonContext.Default.PoolingResponseBody).ConfigureAwait(false);
    }

    private static ServeError? CheckPooling(PoolingRequestBody body)
    {
        if (body.Input is not { } texts)
        {
            return ServeError.BadRequest("input", "input is required: a string or a list of strings");
        }

        if (texts.Count is 0 or > CompletionPlan.MaxPrompts)
        {
            return ServeError.BadRequest("input", $"input holds {texts.Count} texts; expected 1 to {CompletionPlan.MaxPrompts}");
        }

        for (var i = 0; i < texts.Count; i++)
        {
            if (texts[i].Length == 0)
            {
                return ServeError.BadRequest(texts.Count == 1 ? "input" : $"input[{i}]", "the text is empty; expected at least one character");
            }
        }

        return body switch
        {
            { Task: { } task } when !PoolingTasks.Contains(task) =>
                ServeError.BadRequest("task", $"task '{task}': expected one of {string.Join(", ", PoolingTasks)} (each gives the value head's score)"),
            { EncodingFormat: { } format } when format != "float" => ServeError.BadRequest("encoding_format", $"encoding_format '{format}': expected \"float\""),
            { UseActivation: false } => ServeError.BadRequest("use_activation", "use_activation: expected true (the value head's activation is always applied)"),
            { TruncatePromptTokens: not null } => ServeError.BadRequest("truncate_prompt_tokens", "truncate_prompt_tokens: expected null (a text longer than the window is scored on its last window)"),
            _ => null,
        };
    }

    private static ServeError UnknownModel(string name, string served) =>
        new(404, "model", $"the model '{name}' does not exist; this server serves '{served}' (see GET /v1/models)");

    private static async Task<(T? Body, ServeError? Error)> ReadAsync<T>(HttpContext context, JsonTypeInfo<T> info)
        where T : class
    {
        try
        {
            var body = await JsonSerializer.DeserializeAsync(context.Request.Body, info, context.RequestAborted).ConfigureAwait(false);
            return body is null ? (null, ServeError.BadRequest(null, "the body is null; expected a JSON object")) : (body, null);
        }
        catch (JsonException ex)
        {
            return (null, JsonProblem(ex));
        }
        catch (BadHttpRequestException ex)
        {
            return (null, new ServeError(ex.StatusCode, null, $"the request body could not be read: {ex.Message} (at most {MarioServer.MaxBodyBytes} bytes)"));
        }
    }

    /// <summary>A JSON error as a 400 naming the field from the reader's path ("$.n" is "n", "$.prompt[2]" is "prompt[2]").</summary>
    private static ServeError JsonProblem(JsonException ex)
    {
        var path = ex.Path is { Length: > 2 } p && p.StartsWith("$.", StringComparison.Ordinal) ? p[2..] : null;
        var message = ex.Message;
        var cut = message.IndexOf(" Path: ", StringComparison.Ordinal);
        if (cut >= 0)
        {
            message = message[..cut];
        }

        return ServeError.BadRequest(path, path is null ? $"the body is not a valid request: {message}" : $"{path}: {message}");
    }

    private static Task ErrorAsync(HttpContext context, ServeError error) =>
        WriteAsync(context, error.Status, error.ToBody(), ServeJsonContext.Default.ErrorResponseBody);

    private static async Task WriteAsync<T>(HttpContext context, int status, T body, JsonTypeInfo<T> info)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        await JsonSerializer.SerializeAsync(context.Response.Body, body, info, context.RequestAborted).ConfigureAwait(false);
    }
}
