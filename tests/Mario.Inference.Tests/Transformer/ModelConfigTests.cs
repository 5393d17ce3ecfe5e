using Mario.Inference.Transformer;

namespace Mario.Inference.Tests.Transformer;

public sealed class ModelConfigTests
{
    private const string Qwen = """
        {"architectures":["Qwen2ForCausalLM"],"hidden_size":896,"intermediate_size":4864,"num_hidden_layers":24,
         "num_attention_heads":14,"num_key_value_heads":2,"vocab_size":151936,"max_position_embeddings":32768,
         "rope_theta":1000000.0,"rms_norm_eps":1e-06,"tie_word_embeddings":true,"eos_token_id":151643,
         "hidden_act":"silu","use_sliding_window":false,"rope_scaling":null}
        """;

    [Fact]
    public void Parse_Qwen25Shape_ReadsEveryField()
    {
        var c = ModelConfig.Parse(Qwen, "config.json");

        Assert.Equal(ModelArchitecture.Qwen2, c.Architecture);
        Assert.Equal((896, 4864, 24, 14, 2, 64, 151936, 32768), (c.HiddenSize, c.IntermediateSize, c.NumLayers, c.NumHeads, c.NumKvHeads, c.HeadDim, c.VocabSize, c.MaxPositions));
        Assert.Equal(1e6, c.RopeTheta);
        Assert.Equal(1e-6f, c.RmsNormEps);
        Assert.True(c.TieWordEmbeddings);
        Assert.True(c.AttentionBias);
        Assert.Equal([151643], c.EosTokenIds);
        Assert.Equal(RopeScalingKind.None, c.RopeScaling.Kind);
    }

    [Fact]
    public void Parse_Llama31RopeScaling_IsLlama3()
    {
        var json = """
            {"architectures":["LlamaForCausalLM"],"hidden_size":64,"intermediate_size":128,"num_hidden_layers":1,
             "num_attention_heads":4,"vocab_size":10,"eos_token_id":[1,2],
             "rope_scaling":{"rope_type":"llama3","factor":8.0,"low_freq_factor":1.0,"high_freq_factor":4.0,"original_max_position_embeddings":8192}}
            """;

        var c = ModelConfig.Parse(json, "config.json");

        Assert.Equal(ModelArchitecture.Llama, c.Architecture);
        Assert.False(c.AttentionBias);
        Assert.Equal(4, c.NumKvHeads);
        Assert.Equal([1, 2], c.EosTokenIds);
        Assert.Equal(new RopeScaling(RopeScalingKind.Llama3, 8, 1, 4, 8192), c.RopeScaling);
    }

    [Fact]
    public void LinearRopeScaling_DividesEveryFrequency()
    {
        var plain = RopeScaling.None.InverseFrequencies(16, 10000);
        var linear = new RopeScaling(RopeScalingKind.Linear, 4).InverseFrequencies(16, 10000);

        Assert.Equal(plain.Select(f => f / 4).ToArray(), linear, (a, b) => Math.Abs(a - b) < 1e-9);
    }

    [Theory]
    [InlineData("\"architectures\":[\"Qwen2ForCausalLM\"]", "\"architectures\":[\"MistralForCausalLM\"]", "field 'architectures' names 'MistralForCausalLM', which is not supported")]
    [InlineData("\"hidden_size\":896,", "", "field 'hidden_size' is missing")]
    [InlineData("\"num_key_value_heads\":2", "\"num_key_value_heads\":3", "field 'num_key_value_heads' is 3, which does not divide num_attention_heads = 14")]
    [InlineData("\"rope_scaling\":null", "\"rope_scaling\":{\"rope_type\":\"yarn\",\"factor\":4}", "field 'rope_scaling' has rope_type 'yarn', which is not supported")]
    [InlineData("\"rope_scaling\":null", "\"rope_scaling\":{\"type\":\"linear\"}", "field 'rope_scaling' needs a positive number 'factor'")]
    [InlineData("\"use_sliding_window\":false", "\"use_sliding_window\":true", "field 'use_sliding_window' is true")]
    [InlineData("\"hidden_act\":\"silu\"", "\"hidden_act\":\"gelu\"", "field 'hidden_act' is 'gelu'")]
    [InlineData("\"num_hidden_layers\":24", "\"num_hidden_layers\":0", "field 'num_hidden_layers' is 0; expected an integer >= 1")]
    [InlineData("\"tie_word_embeddings\":true", "\"tie_word_embeddings\":\"yes\"", "field 'tie_word_embeddings' is \"yes\"; expected true or false")]
    public void Parse_InvalidField_IsRejectedByName(string find, string replace, string expected)
    {
        var e = Assert.Throws<InvalidDataException>(() => ModelConfig.Parse(Qwen.Replace(find, replace), "config.json"));

        Assert.Contains(expected, e.Message);
        Assert.StartsWith("config.json: ", e.Message);
    }
}
