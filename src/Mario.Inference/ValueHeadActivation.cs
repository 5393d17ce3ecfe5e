namespace Mario.Inference;

/// <summary>How a value head's scalar z becomes a value in [-1, 1].</summary>
public enum ValueHeadActivation
{
    /// <summary>tanh(z): Super_MARIO/AlphaMath's value head (trained against Q in [-1, 1]).</summary>
    Tanh,

    /// <summary>2 sigmoid(z) - 1: a PRM-style scalar head scoring the probability p that a step is correct, rescaled from [0, 1].</summary>
    Sigmoid,
}
