namespace Mario.Search.Tree;

/// <summary>The result of reading a <see cref="TreeDump"/>: the dump, or an error naming the bad field or node.</summary>
/// <param name="Dump">The dump, when reading succeeded.</param>
/// <param name="Error">What was wrong, when reading failed.</param>
public sealed record TreeDumpParse(TreeDump? Dump, string? Error)
{
    /// <summary>A successful read.</summary>
    public static TreeDumpParse Success(TreeDump dump) => new(dump, null);

    /// <summary>A failed read.</summary>
    public static TreeDumpParse Failure(string error) => new(null, error);
}
