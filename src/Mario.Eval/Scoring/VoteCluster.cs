namespace Mario.Eval.Scoring;

/// <summary>One cluster of equivalent answers.</summary>
/// <param name="Representative">The first answer that opened the cluster.</param>
/// <param name="Members">Indices (into the voted list) of every member, in order.</param>
/// <param name="Weight">Sum of the members' weights (their count when unweighted).</param>
public sealed record VoteCluster(string Representative, IReadOnlyList<int> Members, double Weight)
{
    /// <summary>Number of members.</summary>
    public int Votes => Members.Count;
}
