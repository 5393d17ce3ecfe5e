namespace Mario.Inference.Transformer;

/// <summary>
/// The tokens of one forward call, as parallel arrays allocated once: entry i is token <see cref="Tokens"/>[i] at
/// position <see cref="Positions"/>[i], whose keys and values go to KV slot <see cref="Slots"/>[i], and which attends
/// to the slots <see cref="Paths"/>[i][0..Positions[i]] (its sequence's tokens so far, itself included). Entries of
/// one sequence (a prefill chunk) share a path array; entries of different sequences (batched decoding) do not.
/// </summary>
public sealed class ForwardBatch
{
    /// <summary>Allocates room for <paramref name="capacity"/> entries.</summary>
    public ForwardBatch(int capacity)
    {
        Tokens = new int[capacity];
        Positions = new int[capacity];
        Slots = new int[capacity];
        Paths = new int[capacity][];
        OutputRows = new int[capacity];
    }

    /// <summary>Token id per entry.</summary>
    public int[] Tokens { get; }

    /// <summary>Position (0-based) per entry.</summary>
    public int[] Positions { get; }

    /// <summary>KV slot written per entry.</summary>
    public int[] Slots { get; }

    /// <summary>Slot of every position of the entry's sequence (at least Positions[i] + 1 long).</summary>
    public int[][] Paths { get; }

    /// <summary>Row of the outputs (hidden state, logits) per entry, or -1 when the entry needs none.</summary>
    public int[] OutputRows { get; }

    /// <summary>Number of entries in use.</summary>
    public int Count { get; private set; }

    /// <summary>Number of entries with an output row.</summary>
    public int OutputCount { get; private set; }

    /// <summary>Maximum entries.</summary>
    public int Capacity => Tokens.Length;

    /// <summary>Empties the batch.</summary>
    public void Clear()
    {
        Count = 0;
        OutputCount = 0;
    }

    /// <summary>Appends an entry; returns its output row (or -1 when <paramref name="wantOutput"/> is false).</summary>
    public int Add(int token, int position, int slot, int[] path, bool wantOutput)
    {
        if (Count == Capacity)
        {
            throw new InvalidOperationException($"forward batch is full ({Capacity} entries)");
        }

        var i = Count++;
        Tokens[i] = token;
        Positions[i] = position;
        Slots[i] = slot;
        Paths[i] = path;
        OutputRows[i] = wantOutput ? OutputCount++ : -1;
        return OutputRows[i];
    }
}
