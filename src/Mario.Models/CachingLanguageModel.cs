using System.Buffers;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace Mario.Models;

/// <summary>
/// A decorator that answers repeated generation requests from a SQLite file instead of the model. The key is sha256
/// over the model's fingerprint (for a server: the served model name, its software, version and context as probed;
/// not its URL, so replicas share entries), the exact
/// prompt, every sampling field (temperature, top_p, top_k, min_p, max_tokens), the seed, the stop strings and the
/// sample count. Only deterministic requests (temperature 0) are cached unless sampled ones are opted in: a sampled
/// request is reproducible only with its seed on the same server build, which the key carries, but lm-eval's rule is
/// to cache what cannot change. Safe for concurrent callers.
/// </summary>
public sealed class CachingLanguageModel : ILanguageModel, IDisposable
{
    private readonly ILanguageModel _inner;
    private readonly string _fingerprint;
    private readonly bool _cacheSampled;
    private readonly SqliteConnection _connection;
    private readonly SemaphoreSlim _lock = new(1, 1);
    private long _hits;
    private long _misses;

    private CachingLanguageModel(ILanguageModel inner, string fingerprint, bool cacheSampled, SqliteConnection connection)
    {
        _inner = inner;
        _fingerprint = fingerprint;
        _cacheSampled = cacheSampled;
        _connection = connection;
    }

    /// <inheritdoc />
    public string Id => _inner.Id;

    /// <summary>Requests answered from the cache so far.</summary>
    public long Hits => Interlocked.Read(ref _hits);

    /// <summary>Requests passed to the model so far (misses and uncached requests).</summary>
    public long Misses => Interlocked.Read(ref _misses);

    /// <summary>The model behind the cache.</summary>
    public ILanguageModel Inner => _inner;

    /// <summary>Opens (or creates) the cache file <c>model-calls.sqlite</c> in <paramref name="directory"/>.</summary>
    /// <param name="inner">The model whose calls are cached.</param>
    /// <param name="fingerprint">What identifies the model's behaviour (a server's probe hash, a checkpoint's sha256).</param>
    /// <param name="directory">The cache folder (created if missing).</param>
    /// <param name="cacheSampled">Also cache requests with temperature above 0 (keyed by their seed).</param>
    /// <exception cref="IOException">The folder or file cannot be created or is not a cache file (the message names it).</exception>
    public static CachingLanguageModel Open(ILanguageModel inner, string fingerprint, string directory, bool cacheSampled)
    {
        ArgumentNullException.ThrowIfNull(inner);
        ArgumentNullException.ThrowIfNull(fingerprint);
        ArgumentException.ThrowIfNullOrEmpty(directory);
        var path = Path.Combine(Path.GetFullPath(directory), FileName);
        SqliteConnection? connection = null;
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadWriteCreate, Pooling = false }.ToString());
            connection.Open();
            using var command = connection.CreateCommand();
            // WAL lets several mario processes read one cache while one writes; synchronous=NORMAL skips the fsync per
            // commit (18 ms per request measured under load): a power cut may lose the last entries, which are re-asked.
            command.CommandText = "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=10000; CREATE TABLE IF NOT EXISTS calls (key BLOB PRIMARY KEY, completions TEXT NOT NULL) WITHOUT ROWID;";
            command.ExecuteNonQuery();
            return new CachingLanguageModel(inner, fingerprint, cacheSampled, connection);
        }
        catch (Exception ex) when (ex is SqliteException or UnauthorizedAccessException or IOException)
        {
            connection?.Dispose();
            throw new IOException($"--cache {directory}: cannot open {path} as a model-call cache: {ex.Message}", ex);
        }
    }

    /// <summary>The cache file's name inside the cache folder.</summary>
    public const string FileName = "model-calls.sqlite";

    /// <summary>True when a request is cached under this decorator's rule.</summary>
    public bool Caches(GenerationRequest request) => request.Sampling.Temperature == 0 || _cacheSampled;

    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<IReadOnlyList<Completion>>> GenerateAsync(IReadOnlyList<GenerationRequest> requests, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(requests);
        var results = new IReadOnlyList<Completion>?[requests.Count];
        var keys = new byte[]?[requests.Count];
        var missing = new List<int>();
        await _lock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            for (var i = 0; i < requests.Count; i++)
            {
                if (Caches(requests[i]))
                {
                    keys[i] = Key(requests[i]);
                    results[i] = Read(keys[i]!, requests[i].Count);
                }

                if (results[i] is null)
                {
                    missing.Add(i);
                }
            }
        }
        finally
        {
            _lock.Release();
        }

        Interlocked.Add(ref _hits, requests.Count - missing.Count);
        Interlocked.Add(ref _misses, missing.Count);
        if (missing.Count == 0)
        {
            return results!;
        }

        var fresh = await _inner.GenerateAsync(missing.Select(i => requests[i]).ToList(), cancellationToken).ConfigureAwait(false);
        if (fresh.Count != missing.Count)
        {
            throw new InvalidOperationException($"Model '{_inner.Id}' returned {fresh.Count} results for {missing.Count} requests.");
        }

        await _lock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            using var transaction = _connection.BeginTransaction();
            for (var m = 0; m < missing.Count; m++)
            {
                var i = missing[m];
                results[i] = fresh[m];
                if (keys[i] is { } key && fresh[m].Count == requests[i].Count)
                {
                    Write(key, fresh[m], transaction);
                }
            }

            transaction.Commit();
        }
        finally
        {
            _lock.Release();
        }

        return results!;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _connection.Dispose();
        _lock.Dispose();
    }

    /// <summary>sha256 of the canonical JSON of everything that decides the answer.</summary>
    private byte[] Key(GenerationRequest request)
    {
        var buffer = new ArrayBufferWriter<byte>(request.Prompt.Length + 256);
        using (var w = new Utf8JsonWriter(buffer))
        {
            var s = request.Sampling;
            w.WriteStartObject();
            w.WriteString("fingerprint", _fingerprint);
            w.WriteString("prompt", request.Prompt);
            w.WriteNumber("temperature", s.Temperature);
            w.WriteNumber("top_p", s.TopP);
            w.WriteNumber("top_k", s.TopK);
            w.WriteNumber("min_p", s.MinP);
            w.WriteNumber("max_tokens", s.MaxTokens);
            w.WriteNumber("seed", s.Seed);
            w.WriteNumber("n", request.Count);
            w.WriteStartArray("stop");
            foreach (var stop in request.Stop)
            {
                w.WriteStringValue(stop);
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        return SHA256.HashData(buffer.WrittenSpan);
    }

    private List<Completion>? Read(byte[] key, int count)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = "SELECT completions FROM calls WHERE key = $key";
        command.Parameters.AddWithValue("$key", key);
        if (command.ExecuteScalar() is not string json)
        {
            return null;
        }

        try
        {
            var stored = JsonSerializer.Deserialize(json, CacheJsonContext.Default.ListCachedCompletion);
            // A damaged entry is a miss, not a wrong answer.
            return stored is { } list && list.Count == count ? list.Select(c => c.ToCompletion()).ToList() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private void Write(byte[] key, IReadOnlyList<Completion> completions, SqliteTransaction transaction)
    {
        using var command = _connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "INSERT OR REPLACE INTO calls (key, completions) VALUES ($key, $completions)";
        command.Parameters.AddWithValue("$key", key);
        command.Parameters.AddWithValue("$completions", JsonSerializer.Serialize(completions.Select(CachedCompletion.From).ToList(), CacheJsonContext.Default.ListCachedCompletion));
        command.ExecuteNonQuery();
    }
}
