using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Mario.Search.Steps;

namespace Mario.Search.Tree;

/// <summary>
/// The flat, path-keyed dump of one problem's search tree: one JSON object, written as one line of
/// <c>samples.jsonl</c> (field <c>tree</c>) and re-loadable with <see cref="Parse(JsonElement)"/> and <see cref="Rebuild"/>.
/// Nodes are in pre-order (parents first, children by index).
/// </summary>
/// <param name="Version">Schema version, currently 1.</param>
/// <param name="ProblemId">The problem's id.</param>
/// <param name="Question">The question text.</param>
/// <param name="Gold">The gold answer when it was known, or null.</param>
/// <param name="Strategy">The strategy name that built the tree (e.g. <c>mcts</c>).</param>
/// <param name="StepFormat">The step format of the node texts.</param>
/// <param name="Nodes">Every node, root first.</param>
public sealed record TreeDump(
    int Version,
    string ProblemId,
    string Question,
    string? Gold,
    string Strategy,
    StepFormatKind StepFormat,
    IReadOnlyList<NodeRecord> Nodes)
{
    /// <summary>The schema version this build writes.</summary>
    public const int CurrentVersion = 1;

    /// <summary>Serializer settings of the dump: camelCase names and enums, nulls omitted, compact.</summary>
    public static JsonSerializerOptions SerializerOptions { get; } = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase, allowIntegerValues: false) },
        WriteIndented = false,

        // JSONL for tools and people, never embedded in HTML: keep <step>, ``` and non-ASCII readable.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    private static JsonSerializerOptions IndentedOptions { get; } = new(SerializerOptions) { WriteIndented = true };

    /// <summary>Dumps a live tree.</summary>
    public static TreeDump From(Problem problem, string strategy, StepFormatKind stepFormat, SearchNode root)
    {
        ArgumentNullException.ThrowIfNull(problem);
        ArgumentNullException.ThrowIfNull(root);
        return new TreeDump(CurrentVersion, problem.Id, problem.Question, problem.Gold, strategy, stepFormat,
            root.Descendants().Select(NodeRecord.Of).ToList());
    }

    /// <summary>The dump as one line of JSON, or indented for people (snapshots, debugging).</summary>
    public string ToJson(bool indented = false) =>
        JsonSerializer.Serialize(this, indented ? IndentedOptions : SerializerOptions);

    /// <summary>The dump as a JSON element, for embedding in a samples line.</summary>
    public JsonElement ToJsonElement() => JsonSerializer.SerializeToElement(this, SerializerOptions);

    /// <summary>The dump as a JSON object, for embedding in a samples line.</summary>
    public JsonObject ToJsonObject() => JsonSerializer.SerializeToNode(this, SerializerOptions)!.AsObject();

    /// <summary>Reads a dump from JSON text; see <see cref="Parse(JsonElement)"/>.</summary>
    public static TreeDumpParse Parse(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        try
        {
            using var document = JsonDocument.Parse(json);
            return Parse(document.RootElement);
        }
        catch (JsonException e)
        {
            return TreeDumpParse.Failure($"not valid JSON: {e.Message}");
        }
    }

    /// <summary>
    /// Reads and checks a dump: the version, required fields, and that the node ids form a tree (root <c>0</c> first,
    /// each parent before its children, child indices 0, 1, 2 … without gaps). A bad dump is a failure value
    /// whose message names the field or node.
    /// </summary>
    public static TreeDumpParse Parse(JsonElement element)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            return TreeDumpParse.Failure($"expected a JSON object, found {element.ValueKind}");
        }

        TreeDump? dump;
        try
        {
            dump = element.Deserialize<TreeDump>(SerializerOptions);
        }
        catch (JsonException e)
        {
            return TreeDumpParse.Failure($"field {e.Path ?? "?"}: {e.Message}");
        }

        if (dump is null)
        {
            return TreeDumpParse.Failure("the dump is null");
        }

        return dump.Validate() is { } error ? TreeDumpParse.Failure(error) : TreeDumpParse.Success(dump);
    }

    /// <summary>Rebuilds the live tree and returns its root. The dump must come from <see cref="From"/> or a successful <see cref="Parse(JsonElement)"/>.</summary>
    public SearchNode Rebuild()
    {
        if (Validate() is { } error)
        {
            throw new InvalidOperationException($"Cannot rebuild an invalid tree dump: {error}");
        }

        var byId = new Dictionary<string, SearchNode>(StringComparer.Ordinal);
        SearchNode? root = null;
        foreach (var record in Nodes)
        {
            var parent = record.Id == "0" ? null : byId[ParentId(record.Id)];
            var node = SearchNode.Restore(parent, record);
            root ??= node;
            byId[record.Id] = node;
        }

        return root!;
    }

    private string? Validate()
    {
        if (Version != CurrentVersion)
        {
            return $"field version: expected {CurrentVersion}, found {Version}";
        }

        if (string.IsNullOrEmpty(ProblemId) || Question is null || Strategy is null || Nodes is null)
        {
            return "fields problemId, question, strategy and nodes are required";
        }

        for (var i = 0; i < Nodes.Count; i++)
        {
            if (Nodes[i] is null)
            {
                return $"nodes[{i}]: expected a node object, found null";
            }

            if (Nodes[i].Text is null)
            {
                return $"nodes[{i}]: field text is required";
            }
        }

        if (Nodes.Count == 0 || Nodes[0].Id != "0")
        {
            return "nodes: the first node must be the root with id \"0\"";
        }

        var childCount = new Dictionary<string, int>(StringComparer.Ordinal) { ["0"] = 0 };
        for (var i = 1; i < Nodes.Count; i++)
        {
            var id = Nodes[i].Id;
            if (id is null || !id.StartsWith("0.", StringComparison.Ordinal))
            {
                return $"nodes[{i}]: id \"{id}\" is not a path id like 0.2.1";
            }

            var parent = ParentId(id);
            if (!int.TryParse(id[(parent.Length + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var index))
            {
                return $"nodes[{i}]: id \"{id}\" is not a path id like 0.2.1";
            }

            if (!childCount.TryGetValue(parent, out var expected))
            {
                return $"nodes[{i}]: id \"{id}\" appears before its parent \"{parent}\"";
            }

            if (index != expected)
            {
                return $"nodes[{i}]: id \"{id}\": expected child index {expected} of \"{parent}\"";
            }

            childCount[parent] = expected + 1;
            if (!childCount.TryAdd(id, 0))
            {
                return $"nodes[{i}]: duplicate id \"{id}\"";
            }
        }

        return null;
    }

    private static string ParentId(string id) => id[..id.LastIndexOf('.')];
}
