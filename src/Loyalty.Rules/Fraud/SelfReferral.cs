using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;

namespace Loyalty.Rules;

/// <summary>
/// Referral self-dealing: the referrer and the referee are the same member, or share a fingerprint. Each kind has its
/// own action: by default a shared IP address holds (common in real households) and everything else rejects.
/// </summary>
public sealed record SelfReferral : FraudCheck
{
    /// <summary>Creates the check with the default actions.</summary>
    public SelfReferral()
        : base("self-referral", FraudAction.Reject)
    {
    }

    /// <summary>
    /// Actions per fingerprint kind; a kind not listed takes <see cref="FraudCheck.Action"/> (reject by default). Default:
    /// IP address holds.
    /// </summary>
    public ImmutableDictionary<FingerprintKind, FraudAction> Actions { get; init; } = Default;

    internal override bool CanHold => base.CanHold || Actions.Values.Contains(FraudAction.Hold);

    internal override string HoldsBecause => Action == FraudAction.Hold
        ? base.HoldsBecause
        : $"a shared {string.Join(" or ", Actions.Where(a => a.Value == FraudAction.Hold).Select(a => Words(a.Key)).Order(System.StringComparer.Ordinal))} fingerprint holds{(Actions.SequenceEqual(Default) ? " by default" : "")}";

    private static readonly ImmutableDictionary<FingerprintKind, FraudAction> Default =
        ImmutableDictionary<FingerprintKind, FraudAction>.Empty.Add(FingerprintKind.IpAddress, FraudAction.Hold);

    /// <summary>The action for a shared fingerprint of one kind.</summary>
    /// <param name="kind">The kind.</param>
    /// <returns>Hold or reject.</returns>
    public FraudAction ActionFor(FingerprintKind kind) => Actions.TryGetValue(kind, out var action) ? action : Action;

    internal override void Inspect(Referral referral, List<FraudFinding> findings)
    {
        if (referral.ReferrerId == referral.RefereeId)
        {
            findings.Add(new(Id, Action, $"referrer and referee are the same member '{referral.RefereeId}'."));
        }

        foreach (var kind in System.Enum.GetValues<FingerprintKind>())
        {
            var shared = referral.ReferrerFingerprints.Where(f => f.Kind == kind).Select(f => f.Hash)
                .Intersect(referral.RefereeFingerprints.Where(f => f.Kind == kind).Select(f => f.Hash), System.StringComparer.Ordinal);
            if (shared.Any())
            {
                findings.Add(new(Id, ActionFor(kind), $"referrer and referee share a {Words(kind)} fingerprint."));
            }
        }
    }

    internal override void Validate(ProgramCheck check, string path, LedgerPolicy ledger)
    {
        base.Validate(check, path, ledger);
        foreach (var (kind, action) in (Actions ?? []).OrderBy(a => a.Key))
        {
            if (!System.Enum.IsDefined(kind))
            {
                check.Fail($"{path}.actions['{kind}']", "is not a fingerprint kind.");
            }
            else if (action is not (FraudAction.Hold or FraudAction.Reject))
            {
                check.Fail($"{path}.actions['{kind}']", $"must be Hold or Reject, was {action}.");
            }
        }
    }

    /// <inheritdoc />
    public bool Equals(SelfReferral? other)
        => other is not null && Id == other.Id && Action == other.Action && Actions.Count == other.Actions.Count
           && Actions.All(a => other.Actions.TryGetValue(a.Key, out var b) && a.Value == b);

    /// <inheritdoc />
    public override int GetHashCode() => System.HashCode.Combine(Id, Action, Actions.Count);

    private static string Words(FingerprintKind kind) => kind switch
    {
        FingerprintKind.PaymentInstrument => "payment instrument",
        FingerprintKind.IpAddress => "IP address",
        _ => kind.ToString().ToLowerInvariant(),
    };
}
