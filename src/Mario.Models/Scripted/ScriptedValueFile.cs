using System.Text.Json;

namespace Mario.Models.Scripted;

/// <summary>
/// The JSON file behind <c>--value-model scripted:FILE</c>:
/// <c>{"id": "...", "values": [{"endsWith": "...", "value": 0.5}, {"path": ["...", "..."], "value": -0.2}], "default": 0}</c>.
/// </summary>
/// <param name="Id">Value-model id recorded in summaries.</param>
/// <param name="Values">The entries; the winner among matches is chosen as <see cref="ScriptedValueModel"/> says.</param>
/// <param name="Default">Value of a text no entry matches, in [-1, 1]; null makes such a text an error naming it.</param>
public sealed record ScriptedValueFile(string Id, IReadOnlyList<ScriptedValue> Values, double? Default = null)
{
    /// <summary>Reads and validates a scripted value file; errors name the file and field.</summary>
    /// <remarks>Synchronous: the composition root builds value models synchronously, and the file is small.</remarks>
    public static (ScriptedValueFile? File, string? Error) Read(string path)
    {
        if (!System.IO.File.Exists(path))
        {
            return (null, $"scripted value file '{path}' does not exist");
        }

        ScriptedValueFile? file;
        try
        {
            file = JsonSerializer.Deserialize<ScriptedValueFile>(System.IO.File.ReadAllText(path), ScriptedJson.Options);
        }
        catch (JsonException ex)
        {
            return (null, ScriptedJson.Describe(path, ex));
        }

        if (file is null || string.IsNullOrWhiteSpace(file.Id))
        {
            return (null, $"{path}: id: expected a non-empty string");
        }

        var error = file.Validate();
        return error is null ? (file, null) : (null, $"{path}: {error}");
    }

    /// <summary>The first problem with the file as <c>field: what was expected</c>, or null when it is valid.</summary>
    public string? Validate()
    {
        if (Default is { } d && !(d >= -1 && d <= 1))
        {
            return $"default: {d} must be in [-1, 1]";
        }

        for (var i = 0; i < Values.Count; i++)
        {
            if (Values[i] is not { } entry)
            {
                return $"values[{i}]: expected an object";
            }

            if (new object?[] { entry.EndsWith, entry.Path, entry.Contains }.Count(k => k is not null) != 1)
            {
                return $"values[{i}]: exactly one of 'endsWith', 'path' and 'contains' is required";
            }

            if (entry.Path is { } path && (path.Count == 0 || path.Any(p => string.IsNullOrEmpty(p))))
            {
                return $"values[{i}].path: expected one or more non-empty texts";
            }

            if (!(entry.Value >= -1 && entry.Value <= 1))
            {
                return $"values[{i}].value: {entry.Value} must be in [-1, 1]";
            }
        }

        return null;
    }
}
