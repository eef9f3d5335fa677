using System.Collections.Generic;

namespace Loyalty.Rules;

/// <summary>A purchase or activity that would earn more than a ceiling of points. Default action: hold.</summary>
public sealed record PointsCeiling : FraudCheck
{
    /// <summary>Creates the check.</summary>
    /// <param name="maxPoints">The most points one event may earn without a finding.</param>
    public PointsCeiling(Points maxPoints)
        : base("points-ceiling", FraudAction.Hold) => MaxPoints = maxPoints;

    /// <summary>The most points one event may earn without a finding.</summary>
    public Points MaxPoints { get; init; }

    internal override void Inspect(in FraudInput input, List<FraudFinding> findings)
    {
        if (input.Earns && input.Points > MaxPoints)
        {
            findings.Add(Finding($"{input.Points} points in one event, above the ceiling of {MaxPoints}."));
        }
    }

    internal override void Validate(ProgramCheck check, string path, LedgerPolicy ledger)
    {
        base.Validate(check, path, ledger);
        check.Positive(path + ".maxPoints", MaxPoints);
    }
}
