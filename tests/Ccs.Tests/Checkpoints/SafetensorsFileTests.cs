using Ccs.Checkpoints;
using static TorchSharp.torch;
using static Ccs.Tests.Checkpoints.SafetensorsWriter;

namespace Ccs.Tests.Checkpoints;

public class SafetensorsFileTests
{
    [Fact]
    public void Float_tensors_of_every_supported_dtype_read_back_exactly()
    {
        using var temp = new TempFolder();
        string path = temp.File("model.safetensors");
        float[] values = [1.5f, -2.25f, 0.1f, 3e-3f, 65504f, -0.0f];
        float[] bf16Exact = [1.5f, -2.25f, 0.125f, -96f, 0.0078125f, 3.0f];   // representable in 8 mantissa bits
        Write(path, [
            new Entry("f32", "F32", [2, 3], F32(values)),
            new Entry("f64", "F64", [3, 2], F64(values.Select(v => (double)v).ToArray())),
            new Entry("f16", "F16", [6], F16(values)),
            new Entry("bf16", "BF16", [1, 6], BF16(bf16Exact)),
            new Entry("embeddings.position_ids", "I64", [1, 2], [.. BitConverter.GetBytes(0L), .. BitConverter.GetBytes(1L)]),
        ]);

        using var file = SafetensorsFile.Open(path);
        using var scope = NewDisposeScope();
        Assert.Equal(values, file.Read("f32").to_type(ScalarType.Float32).data<float>().ToArray());
        Assert.Equal([2L, 3L], file.Read("f32").shape);
        Assert.Equal(values, file.Read("f64").to_type(ScalarType.Float32).data<float>().ToArray());
        Assert.Equal(values.Select(v => (float)(Half)v), file.Read("f16").to_type(ScalarType.Float32).data<float>().ToArray());
        Assert.Equal(bf16Exact, file.Read("bf16").to_type(ScalarType.Float32).data<float>().ToArray());
        Assert.Equal(TensorRole.Buffer, file.Tensors["embeddings.position_ids"].DType.Role);
    }

    [Fact]
    public void A_tensor_beyond_2_GB_is_read_through_the_memory_map()
    {
        using var temp = new TempFolder();
        string path = temp.File("big.safetensors");
        const long elements = 640_000_000;   // 2.56 GB of float32: offsets past int.MaxValue bytes
        WriteRaw(path, $$$"""{"big":{"dtype":"F32","shape":[{{{elements}}}],"data_offsets":[0,{{{elements * 4}}}]}}""", []);
        long dataStart = new FileInfo(path).Length;
        using (var stream = new FileStream(path, FileMode.Open, FileAccess.Write))
        {
            // A sparse file: only the two written pages take disk space.
            stream.SetLength(dataStart + elements * 4);
            stream.Position = dataStart + 600_000_000L * 4;
            stream.Write(F32(42.5f));
            stream.Position = dataStart + (elements - 1) * 4;
            stream.Write(F32(-7.25f));
        }

        using var file = SafetensorsFile.Open(path);
        using var scope = NewDisposeScope();
        var big = file.Read("big");
        Assert.Equal(elements, big.shape[0]);
        Assert.Equal(42.5f, big[600_000_000L].item<float>());
        Assert.Equal(-7.25f, big[elements - 1].item<float>());
        Assert.Equal(0f, big[123L].item<float>());
    }

    [Fact]
    public void A_truncated_file_is_rejected()
    {
        using var temp = new TempFolder();
        string path = temp.File("model.safetensors");
        Write(path, [new Entry("w", "F32", [4, 4], F32(new float[16]))]);
        using (var stream = new FileStream(path, FileMode.Open)) stream.SetLength(stream.Length - 10);
        AssertBadInput(() => SafetensorsFile.Open(path), path, "truncated");
    }

    [Fact]
    public void A_header_length_of_100_GB_is_rejected_before_reading_it()
    {
        using var temp = new TempFolder();
        string path = temp.File("model.safetensors");
        WriteRaw(path, """{"w":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}""", F32(1f), lengthField: 100UL << 30);
        AssertBadInput(() => SafetensorsFile.Open(path), path, "107374182400 bytes");
    }

    [Theory]
    [InlineData("""{"w":{"dtype":"F32","shape":[2,3],"data_offsets":[0,16]}}""", 16, "shape/dtype mismatch")]
    [InlineData("""{"w":{"dtype":"F16","shape":[4],"data_offsets":[0,16]}}""", 16, "shape/dtype mismatch")]
    [InlineData("""{"w":{"dtype":"F31","shape":[4],"data_offsets":[0,16]}}""", 16, "unknown dtype 'F31'")]
    [InlineData("""{"w":{"dtype":"F32","shape":[-4],"data_offsets":[0,16]}}""", 16, "'shape' must be")]
    [InlineData("""{"w":{"dtype":"F32","shape":[4],"data_offsets":[16,0]}}""", 16, "begin <= end")]
    [InlineData("""{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"b":{"dtype":"F32","shape":[2],"data_offsets":[4,12]}}""", 12, "overlap")]
    [InlineData("""{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"b":{"dtype":"F32","shape":[1],"data_offsets":[12,16]}}""", 16, "gap")]
    [InlineData("""{"w":{"dtype":"F32","shape":[4],"data_offsets":[0,16]}}""", 20, "unexpected bytes after the last tensor")]
    [InlineData("""{"w":{"dtype":"F32","shape":[4],"data_offsets":[0,16]}""", 16, "not valid JSON")]
    [InlineData("""[1, 2]""", 0, "not a JSON object")]
    [InlineData("""{"w":{"dtype":"F32","shape":[4],"data_offsets":[0,16]},"w":{"dtype":"F32","shape":[4],"data_offsets":[0,16]}}""", 16, "appears twice")]
    [InlineData("""{"__metadata__":{"format":1},"w":{"dtype":"F32","shape":[4],"data_offsets":[0,16]}}""", 16, "__metadata__")]
    public void A_malformed_header_is_rejected_with_the_reason(string header, int dataBytes, string reason)
    {
        using var temp = new TempFolder();
        string path = temp.File("model.safetensors");
        WriteRaw(path, header, new byte[dataBytes]);
        AssertBadInput(() => SafetensorsFile.Open(path), path, reason);
    }

    [Fact]
    public void A_file_shorter_than_the_length_field_is_rejected()
    {
        using var temp = new TempFolder();
        string path = temp.File("model.safetensors");
        File.WriteAllBytes(path, [1, 2, 3]);
        AssertBadInput(() => SafetensorsFile.Open(path), path, "too short");
    }

    internal static CcsException AssertBadInput(Action action, params string[] fragments)
    {
        var error = Assert.ThrowsAny<CcsException>(action);
        Assert.Equal(ExitCode.BadInput, error.ExitCode);
        Assert.DoesNotContain('\n', error.Message);
        foreach (string fragment in fragments) Assert.Contains(fragment, error.Message);
        return error;
    }
}
