namespace Mario.Search.Export;

/// <summary>Training-data formats extracted from saved trees.</summary>
public enum ExportFormat
{
    /// <summary>AlphaMath value-head targets: root-to-leaf paths with the Q of every step and ±1 on the last.</summary>
    AlphaMath,

    /// <summary>rStar-Math process preference pairs: high-Q vs low-Q sibling steps under a shared prefix.</summary>
    RStarPpm,

    /// <summary>Math-Shepherd step labels: hard (any correct completion) and soft (fraction correct) per step.</summary>
    MathShepherd,

    /// <summary>Supervised fine-tuning pairs: the best correct paths by mean Q, without failing code.</summary>
    Sft,
}
