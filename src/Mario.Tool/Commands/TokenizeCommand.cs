using System.CommandLine;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Mario.Inference.Tokenization;
using Mario.Tool.Cli;
using Spectre.Console;

namespace Mario.Tool.Commands;

/// <summary><c>dotnet mario tokenize</c>: text lines to token-id arrays and back, for debugging and scripting.</summary>
public static class TokenizeCommand
{
    // Readable output: keep non-ASCII text as is; only quotes, backslashes and controls are escaped.
    private static readonly JsonSerializerOptions TextJson = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        // Checked in the action rather than with Required, so that a missing --model exits 2 with an example.
        var model = new Option<string?>("--model")
        {
            Description = "Required: local:DIR (a folder with tokenizer.json) or a path to a tokenizer.json file.",
        };
        var decode = new Option<bool>("--decode") { Description = "Read one JSON array of ids per line and print the text." };
        var json = new Option<bool>("--json") { Description = "With --decode, print each text as a JSON string (keeps line breaks on one line)." };
        var table = new Option<bool>("--table") { Description = "Print a table of each line's tokens (id and bytes) instead of JSON." };
        var command = new Command(
            "tokenize",
            """
            Tokenize lines from stdin with a model's tokenizer.json: one JSON array of ids per input line.
            No BOS/EOS is added; special tokens written in the text (such as <|im_end|>) become their ids.

            Examples:
              echo 'Solve $x^2 = 4$.' | dotnet mario tokenize --model local:./models/Qwen2.5-0.5B
                [50,3948,400,87,61,17,284,220,19,12947]
              echo '[9707,11,1879,0]' | dotnet mario tokenize --model ./tokenizer.json --decode
                Hello, world!
              printf 'a\nb\n' | dotnet mario tokenize --model local:DIR --table
            """);
        command.Options.Add(model);
        command.Options.Add(decode);
        command.Options.Add(json);
        command.Options.Add(table);
        command.SetAction(async (ParseResult r, CancellationToken ct) =>
        {
            var output = r.InvocationConfiguration.Output;
            var error = r.InvocationConfiguration.Error;
            var mode = r.GetValue(decode) ? TokenizeMode.Decode : r.GetValue(table) ? TokenizeMode.Table : TokenizeMode.Encode;
            return await RunAsync(r.GetValue(model) ?? "", mode, r.GetValue(json), Console.In, output, error, ct);
        });
        return command;
    }

    /// <summary>What the command prints for each input line.</summary>
    internal enum TokenizeMode
    {
        /// <summary>Text in, a JSON array of ids out.</summary>
        Encode,

        /// <summary>A JSON array of ids in, text out.</summary>
        Decode,

        /// <summary>Text in, a table of tokens out.</summary>
        Table,
    }

    /// <summary>Runs the command on the given streams; returns the exit code.</summary>
    internal static async Task<int> RunAsync(
        string modelSpec, TokenizeMode mode, bool jsonText, TextReader input, TextWriter output, TextWriter error, CancellationToken ct)
    {
        if (!TokenizerFileResolver.TryResolve(modelSpec, out var path, out var problem))
        {
            await error.WriteLineAsync(problem);
            return ExitCodes.Usage;
        }

        BpeTokenizer tokenizer;
        try
        {
            tokenizer = BpeTokenizer.Load(path);
        }
        catch (TokenizerFormatException e)
        {
            await error.WriteLineAsync($"invalid tokenizer: {e.Message}");
            return ExitCodes.Usage;
        }

        var lineNumber = 0;
        while (await input.ReadLineAsync(ct) is { } line)
        {
            lineNumber++;
            switch (mode)
            {
                case TokenizeMode.Encode:
                    await output.WriteLineAsync("[" + string.Join(",", tokenizer.Encode(line)) + "]");
                    break;
                case TokenizeMode.Table:
                    WriteTable(tokenizer, line, output);
                    break;
                case TokenizeMode.Decode:
                    if (!TryParseIds(line, tokenizer.VocabSize, out var ids, out var why))
                    {
                        await error.WriteLineAsync($"stdin line {lineNumber}: {why}");
                        return ExitCodes.Usage;
                    }

                    var text = tokenizer.Decode(ids);
                    await output.WriteLineAsync(jsonText ? JsonSerializer.Serialize(text, TextJson) : text);
                    break;
            }
        }

        return ExitCodes.Ok;
    }

    private static bool TryParseIds(string line, int vocabSize, out int[] ids, out string why)
    {
        ids = [];
        why = "";
        try
        {
            ids = JsonSerializer.Deserialize<int[]>(line) ?? [];
        }
        catch (JsonException)
        {
            why = $"expected a JSON array of token ids such as [9707,11], found '{Clip(line)}'";
            return false;
        }

        foreach (var id in ids)
        {
            if ((uint)id >= (uint)vocabSize)
            {
                why = $"token id {id} is outside [0, {vocabSize})";
                return false;
            }
        }

        return true;
    }

    private static void WriteTable(BpeTokenizer tokenizer, string line, TextWriter output)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(output), Ansi = AnsiSupport.No });
        var table = new Table().AddColumn("#").AddColumn("id").AddColumn("text").AddColumn("bytes");
        var index = 0;
        foreach (var id in tokenizer.Encode(line))
        {
            var bytes = tokenizer.TokenBytes(id);
            table.AddRow(
                (index++).ToString(),
                id.ToString(),
                Markup.Escape(JsonSerializer.Serialize(Encoding.UTF8.GetString(bytes), TextJson)),
                Convert.ToHexString(bytes));
        }

        console.Write(table);
    }

    private static string Clip(string s) => s.Length <= 40 ? s : s[..37] + "...";
}
