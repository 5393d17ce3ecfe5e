using System.Runtime.InteropServices;

namespace Mario.Inference.Engine;

/// <summary>
/// The KV cache, shared by every sequence and request, organised as a token trie: each trie node is one token at one
/// position after one exact prefix, and owns one slot holding that token's keys and values for every layer. A
/// sequence is a root-to-node path, so siblings in a search tree and later steps that extend a prefix reuse its
/// slots instead of recomputing them (RadixAttention's idea at token granularity). Unused leaves are evicted
/// least-recently-used first when the slots run out; a sequence pins its last node, which keeps its whole path.
/// </summary>
public sealed unsafe class PrefixKvCache : IDisposable
{
    private const int Root = -1;

    private readonly int _layers;
    private readonly int _kvDim;
    private readonly float*[] _keys;   // per layer: (capacity, kvDim)
    private readonly float*[] _values; // per layer: (capacity, kvDim)
    private readonly int[] _parent;
    private readonly int[] _token;
    private readonly int[] _childCount;
    private readonly int[] _pins;
    private readonly long[] _lastUse;
    private readonly bool[] _used;
    private readonly int[] _free;
    private readonly Dictionary<long, int> _children;
    private int _freeCount;
    private long _clock;
    private bool _disposed;

    /// <summary>Allocates a cache of <paramref name="capacity"/> token slots (pages are committed lazily by the OS).</summary>
    public PrefixKvCache(int layers, int kvDim, int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _layers = layers;
        _kvDim = kvDim;
        Capacity = capacity;
        _keys = new float*[layers];
        _values = new float*[layers];
        var bytes = (nuint)((long)capacity * kvDim * sizeof(float));
        for (var l = 0; l < layers; l++)
        {
            _keys[l] = (float*)NativeMemory.AlignedAlloc(bytes, 64);
            _values[l] = (float*)NativeMemory.AlignedAlloc(bytes, 64);
        }

        _parent = new int[capacity];
        _token = new int[capacity];
        _childCount = new int[capacity];
        _pins = new int[capacity];
        _lastUse = new long[capacity];
        _used = new bool[capacity];
        _free = new int[capacity];
        for (var i = 0; i < capacity; i++)
        {
            _free[i] = capacity - 1 - i;
        }

        _freeCount = capacity;
        _children = new Dictionary<long, int>(capacity);
    }

    /// <summary>Total token slots.</summary>
    public int Capacity { get; }

    /// <summary>Slots not holding any token.</summary>
    public int FreeSlots => _freeCount;

    /// <summary>Trie nodes created since construction (each is one token whose KV was computed once).</summary>
    public long NodesCreated { get; private set; }

    /// <summary>Nodes evicted to make room.</summary>
    public long NodesEvicted { get; private set; }

    /// <summary>The keys of <paramref name="slot"/> in <paramref name="layer"/>: kvDim floats (nkv heads of hd).</summary>
    public Span<float> Keys(int layer, int slot) => new(_keys[layer] + (long)slot * _kvDim, _kvDim);

    /// <summary>The values of <paramref name="slot"/> in <paramref name="layer"/>: kvDim floats.</summary>
    public Span<float> Values(int layer, int slot) => new(_values[layer] + (long)slot * _kvDim, _kvDim);

    internal float* KeysBase(int layer) => _keys[layer];

    internal float* ValuesBase(int layer) => _values[layer];

    /// <summary>
    /// Follows <paramref name="tokens"/> from the root as far as the trie goes, writing each matched node's slot to
    /// <paramref name="slots"/>; returns the number of tokens matched. Touches the path so it is evicted last.
    /// </summary>
    public int Match(ReadOnlySpan<int> tokens, Span<int> slots)
    {
        var node = Root;
        var stamp = ++_clock;
        var i = 0;
        for (; i < tokens.Length; i++)
        {
            if (!_children.TryGetValue(Key(node, tokens[i]), out var child))
            {
                break;
            }

            _lastUse[child] = stamp;
            slots[i] = child;
            node = child;
        }

        return i;
    }

    /// <summary>
    /// The slot of <paramref name="token"/> after the path ending at <paramref name="parentSlot"/> (-1 for the root),
    /// creating the node if needed. <paramref name="created"/> tells whether its KV still has to be computed.
    /// Returns -1 when every slot is taken by pinned paths.
    /// </summary>
    public int GetOrAdd(int parentSlot, int token, out bool created)
    {
        var key = Key(parentSlot, token);
        if (_children.TryGetValue(key, out var existing))
        {
            created = false;
            _lastUse[existing] = ++_clock;
            return existing;
        }

        created = true;
        if (_freeCount == 0 && !EnsureFree(1))
        {
            return -1;
        }

        var slot = _free[--_freeCount];
        _used[slot] = true;
        _parent[slot] = parentSlot;
        _token[slot] = token;
        _childCount[slot] = 0;
        _pins[slot] = 0;
        _lastUse[slot] = ++_clock;
        _children[key] = slot;
        if (parentSlot != Root)
        {
            _childCount[parentSlot]++;
        }

        NodesCreated++;
        return slot;
    }

    /// <summary>Protects the path ending at <paramref name="slot"/> from eviction (a no-op for the root, -1).</summary>
    public void Pin(int slot)
    {
        if (slot != Root)
        {
            _pins[slot]++;
        }
    }

    /// <summary>Releases one <see cref="Pin"/>.</summary>
    public void Unpin(int slot)
    {
        if (slot != Root)
        {
            _pins[slot]--;
        }
    }

    /// <summary>
    /// Evicts unpinned leaves, least recently used first, until at least <paramref name="slots"/> slots are free.
    /// Returns false when pinned paths hold too many slots for that.
    /// </summary>
    public bool EnsureFree(int slots)
    {
        if (slots > Capacity)
        {
            return false;
        }

        var candidates = new List<(long LastUse, int Slot)>();
        while (_freeCount < slots)
        {
            candidates.Clear();
            for (var s = 0; s < Capacity; s++)
            {
                if (_used[s] && _childCount[s] == 0 && _pins[s] == 0)
                {
                    candidates.Add((_lastUse[s], s));
                }
            }

            if (candidates.Count == 0)
            {
                return false;
            }

            candidates.Sort();
            foreach (var (_, s) in candidates)
            {
                if (_freeCount >= slots)
                {
                    break;
                }

                Remove(s);
            }
        }

        return true;
    }

    /// <summary>Drops every unpinned node (for benchmarks that need a cold cache).</summary>
    public void Clear() => EnsureFree(Capacity);

    /// <inheritdoc />
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        for (var l = 0; l < _layers; l++)
        {
            NativeMemory.AlignedFree(_keys[l]);
            NativeMemory.AlignedFree(_values[l]);
        }
    }

    private void Remove(int slot)
    {
        _children.Remove(Key(_parent[slot], _token[slot]));
        if (_parent[slot] != Root)
        {
            _childCount[_parent[slot]]--;
        }

        _used[slot] = false;
        _free[_freeCount++] = slot;
        NodesEvicted++;
    }

    private static long Key(int parentSlot, int token) => ((long)(parentSlot + 1) << 32) | (uint)token;
}
