using System.Runtime.CompilerServices;
using System.Text;
using System.Text.RegularExpressions;
using DiffPlex.DiffBuilder;
using DiffPlex.DiffBuilder.Model;
using Xunit.Sdk;

namespace Mario.Testing;

/// <summary>
/// A small approval-test helper (Verify cannot be restored here). The approved text lives beside the calling test
/// file under <c>Snapshots/&lt;Class&gt;.&lt;Method&gt;[.&lt;name&gt;].verified.txt</c>. On a mismatch a
/// <c>.received.txt</c> is written next to it and the test fails with a readable diff; set <c>MARIO_ACCEPT=1</c>
/// to accept received text as the new approved text. Line endings are normalised to LF.
/// </summary>
public static class Snapshot
{
    /// <summary>Environment variable that, when set to 1, accepts mismatching snapshots.</summary>
    public const string AcceptVariable = "MARIO_ACCEPT";

    /// <summary>Compares <paramref name="actual"/> with the approved snapshot of the calling test.</summary>
    /// <param name="actual">The text to approve.</param>
    /// <param name="name">Optional suffix for several snapshots in one test (e.g. a theory row).</param>
    /// <param name="scrub">Optional extra scrubber applied after the default ones.</param>
    public static void Match(
        string actual,
        string? name = null,
        Func<string, string>? scrub = null,
        [CallerFilePath] string callerFile = "",
        [CallerMemberName] string callerMember = "")
    {
        var text = Normalize(actual);
        if (scrub is not null)
        {
            text = scrub(text);
        }

        var directory = Path.Combine(Path.GetDirectoryName(callerFile)!, "Snapshots");
        var baseName = $"{Path.GetFileNameWithoutExtension(callerFile)}.{callerMember}{(name is null ? "" : "." + Sanitize(name))}";
        var verifiedPath = Path.Combine(directory, baseName + ".verified.txt");
        var receivedPath = Path.Combine(directory, baseName + ".received.txt");

        var expected = File.Exists(verifiedPath) ? Normalize(File.ReadAllText(verifiedPath)) : null;
        if (expected == text)
        {
            if (File.Exists(receivedPath))
            {
                File.Delete(receivedPath);
            }

            return;
        }

        Directory.CreateDirectory(directory);
        if (Environment.GetEnvironmentVariable(AcceptVariable) == "1")
        {
            File.WriteAllText(verifiedPath, text, new UTF8Encoding(false));
            if (File.Exists(receivedPath))
            {
                File.Delete(receivedPath);
            }

            return;
        }

        File.WriteAllText(receivedPath, text, new UTF8Encoding(false));
        throw new XunitException(expected is null
            ? $"No approved snapshot {verifiedPath}. Received text written to {receivedPath}; review it and rerun with {AcceptVariable}=1 to accept."
            : $"Snapshot {verifiedPath} differs (received: {receivedPath}; rerun with {AcceptVariable}=1 to accept):\n{Diff(expected, text)}");
    }

    /// <summary>LF line endings, no trailing whitespace per line, exactly one final newline.</summary>
    public static string Normalize(string text)
    {
        var lines = text.Replace("\r\n", "\n").Replace('\r', '\n').Split('\n');
        var builder = new StringBuilder();
        foreach (var line in lines)
        {
            builder.Append(line.TrimEnd()).Append('\n');
        }

        return builder.ToString().TrimEnd('\n') + "\n";
    }

    /// <summary>Replaces ISO timestamps, GUIDs and durations such as <c>12.3 ms</c> with stable placeholders.</summary>
    public static string ScrubVolatile(string text)
    {
        text = Regex.Replace(text, @"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})?", "{timestamp}");
        text = Regex.Replace(text, @"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}", "{guid}");
        return Regex.Replace(text, @"\b\d+(\.\d+)?\s?(ms|s)\b", "{duration}");
    }

    private static string Sanitize(string name) => Regex.Replace(name, @"[^A-Za-z0-9_.-]+", "_");

    private static string Diff(string expected, string actual)
    {
        var model = new InlineDiffBuilder(new DiffPlex.Differ()).BuildDiffModel(expected, actual);
        var builder = new StringBuilder();
        var shown = 0;
        for (var i = 0; i < model.Lines.Count && shown < 40; i++)
        {
            var line = model.Lines[i];
            if (line.Type == ChangeType.Unchanged)
            {
                continue;
            }

            builder.Append(line.Type == ChangeType.Inserted ? "+ " : "- ")
                .Append("line ").Append(line.Position?.ToString() ?? "?").Append(": ").Append(line.Text).Append('\n');
            shown++;
        }

        return builder.ToString();
    }
}
