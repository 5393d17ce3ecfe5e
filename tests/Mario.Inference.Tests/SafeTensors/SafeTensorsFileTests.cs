using System.Text;
using Mario.Inference.SafeTensors;

namespace Mario.Inference.Tests.SafeTensors;

public sealed class SafeTensorsFileTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("mario-st-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Write(string name, byte[] content)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllBytes(path, content);
        return path;
    }

    private static byte[] Build(string header, int dataBytes, ulong? headerLength = null)
    {
        var h = Encoding.UTF8.GetBytes(header);
        var result = new byte[8 + h.Length + dataBytes];
        BitConverter.GetBytes(headerLength ?? (ulong)h.Length).CopyTo(result, 0);
        h.CopyTo(result, 8);
        return result;
    }

    [Fact]
    public void Open_F32F16Bf16_ReadBackAsSingle()
    {
        var header = """{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"b":{"dtype":"F16","shape":[2],"data_offsets":[8,12]},"c":{"dtype":"BF16","shape":[1,2],"data_offsets":[12,16]},"__metadata__":{"format":"pt"}}""";
        var bytes = Build(header, 16);
        var data = 8 + Encoding.UTF8.GetByteCount(header);
        BitConverter.GetBytes(1.5f).CopyTo(bytes, data);
        BitConverter.GetBytes(-2.25f).CopyTo(bytes, data + 4);
        BitConverter.GetBytes((Half)0.5f).CopyTo(bytes, data + 8);
        BitConverter.GetBytes((Half)(-3f)).CopyTo(bytes, data + 10);
        BitConverter.GetBytes((ushort)(BitConverter.SingleToUInt32Bits(6.5f) >> 16)).CopyTo(bytes, data + 12);
        BitConverter.GetBytes((ushort)(BitConverter.SingleToUInt32Bits(-0.125f) >> 16)).CopyTo(bytes, data + 14);

        using var file = SafeTensorsFile.Open(Write("ok.safetensors", bytes));

        Assert.Equal([1.5f, -2.25f], file.ReadSingle("a"));
        Assert.Equal([0.5f, -3f], file.ReadSingle("b"));
        Assert.Equal([6.5f, -0.125f], file.ReadSingle("c"));
        Assert.Equal([1L, 2L], file.Info("c").Shape);
        Assert.Equal("pt", file.Metadata["format"]);
    }

    public static TheoryData<string, byte[], string> HostileFiles() => new()
    {
        { "shorter than the length prefix", new byte[4], "expected at least the 8-byte header length" },
        { "huge header length", Build("{}", 0, 1UL << 40), "exceeds the 100000000-byte limit" },
        { "header past end of file", Build("{}", 0, 64), "runs past the end of the 10-byte file" },
        { "malformed json", Build("{\"a\":", 0), "header JSON is malformed" },
        { "header not an object", Build("[1,2]", 0), "expected an object" },
        { "unsupported dtype", Build("""{"w":{"dtype":"I64","shape":[1],"data_offsets":[0,8]}}""", 8), "tensor 'w': dtype 'I64' is not supported" },
        { "offsets past end", Build("""{"w":{"dtype":"F32","shape":[4],"data_offsets":[0,16]}}""", 8), "tensor 'w': data_offsets [0, 16] end at byte 79, past the end of the file (71 bytes; truncated?)" },
        { "size disagrees with shape", Build("""{"w":{"dtype":"F32","shape":[3],"data_offsets":[0,8]}}""", 8), "tensor 'w': data_offsets [0, 8] (byte 62) hold 8 bytes but shape [3] of F32 needs 12" },
        { "end before begin", Build("""{"w":{"dtype":"F32","shape":[0],"data_offsets":[8,4]}}""", 8), "tensor 'w': data_offsets [8,4] must be two integers with 0 <= begin <= end" },
        { "negative dimension", Build("""{"w":{"dtype":"F32","shape":[-1],"data_offsets":[0,4]}}""", 4), "tensor 'w': shape entry -1 is not a non-negative integer" },
        { "overlapping tensors", Build("""{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"b":{"dtype":"F32","shape":[2],"data_offsets":[4,12]}}""", 12), "tensor 'b' at byte 120 overlaps tensor 'a', which ends at byte 124" },
        { "duplicate name", Build("""{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},"a":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}}""", 8), "tensor 'a' appears twice" },
        { "missing data_offsets", Build("""{"a":{"dtype":"F32","shape":[1]}}""", 4), "tensor 'a': missing field 'data_offsets'" },
        { "metadata not strings", Build("""{"__metadata__":{"x":1}}""", 0), "__metadata__ entry 'x' must be a string" },
        { "shape overflow", Build("""{"a":{"dtype":"F32","shape":[4294967296,4294967296,4294967296],"data_offsets":[0,4]}}""", 4), "tensor 'a': shape's element count overflows" },
    };

    [Theory]
    [MemberData(nameof(HostileFiles))]
    public void Open_HostileFile_IsRejectedWithTensorAndOffset(string because, byte[] content, string expected)
    {
        var path = Write("bad.safetensors", content);

        var e = Assert.Throws<SafeTensorsFormatException>(() => SafeTensorsFile.Open(path));

        Assert.True(e.Message.Contains(expected, StringComparison.Ordinal), $"{because}: {e.Message}");
        Assert.StartsWith("bad.safetensors: ", e.Message);
    }

    [Fact]
    public void Checkpoint_ShardedFixture_OpensEveryTensorOfTheIndex()
    {
        using var ck = SafeTensorsCheckpoint.Open(Support.Fixtures.Dir("tiny-qwen2"));

        Assert.True(ck.Contains("model.embed_tokens.weight"));
        Assert.True(ck.Contains("lm_head.weight"));
        Assert.Equal([304L, 64L], ck.Info("model.embed_tokens.weight").Shape);
    }

    public static TheoryData<string, string> BadIndexes() => new()
    {
        { """{"weight_map":{"a":"../evil.safetensors"}}""", "weight_map['a'] = \"../evil.safetensors\" is not a file name in the checkpoint folder" },
        { """{"weight_map":{"a":"missing.safetensors"}}""", "names shard 'missing.safetensors', which does not exist" },
        { """{"weight_map":{"zzz":"s.safetensors"}}""", "weight_map says 'zzz' is in 's.safetensors', but that shard has no such tensor" },
        { """{"nothing":1}""", "missing object field 'weight_map'" },
        { """{"weight_map":""", "malformed JSON" },
    };

    [Theory]
    [MemberData(nameof(BadIndexes))]
    public void Checkpoint_BadIndex_IsRejected(string index, string expected)
    {
        Write("s.safetensors", Build("""{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}""", 4));
        Write(SafeTensorsCheckpoint.IndexFileName, Encoding.UTF8.GetBytes(index));

        var e = Assert.Throws<SafeTensorsFormatException>(() => SafeTensorsCheckpoint.Open(_dir));

        Assert.Contains(expected, e.Message);
    }
}
