using System;
using System.Collections.Immutable;
using System.Globalization;
using NodaTime;

namespace Loyalty.Rules;

/// <summary>
/// Decides referrals under the program's <see cref="ReferralPolicy"/>: whether one qualified, and if so the award event
/// of each rewarded side, after the fraud checks (self-dealing, referrals per fingerprint). Pure: it reads no account;
/// the awards are applied to each member's account by <see cref="LedgerProcessor.Process"/>.
/// </summary>
public sealed class ReferralDecider
{
    private readonly LoyaltyProgram program;
    private readonly ReferralPolicy policy;

    internal ReferralDecider(LoyaltyProgram program, ReferralPolicy policy)
    {
        this.program = program;
        this.policy = policy;
    }

    /// <summary>
    /// Decides a referral at an instant without a purchase: one that qualifies on sign-up qualifies once the referee has
    /// signed up; one that waits for a purchase is pending until its window ends, then not qualified (expired).
    /// </summary>
    /// <param name="referral">The referral.</param>
    /// <param name="asOf">The instant.</param>
    /// <returns>The decision.</returns>
    public ReferralDecision Decide(Referral referral, Instant asOf)
    {
        Preconditions.NotNull(referral, nameof(referral));
        if (policy.Qualification.Trigger == ReferralTrigger.SignUp)
        {
            return asOf >= referral.SignedUpAt
                ? Qualify(referral, referral.SignedUpAt, "the referee signed up")
                : Open(referral, ReferralStatus.Pending, "the referee has not signed up yet");
        }

        var deadline = Deadline(referral);
        return asOf >= deadline
            ? Open(referral, ReferralStatus.NotQualified, $"expired: no qualifying purchase within {policy.Qualification.WithinDays} days of sign-up (by {Local(deadline)})")
            : Open(referral, ReferralStatus.Pending, $"waiting for a qualifying purchase before {Local(deadline)}");
    }

    /// <summary>Decides a referral on a purchase of the referee.</summary>
    /// <param name="referral">The referral.</param>
    /// <param name="purchase">The referee's purchase.</param>
    /// <param name="isFirstPurchase">Whether it is the referee's first purchase (the referee's account knows: <see cref="MemberAccount.HasPurchased"/> before it).</param>
    /// <returns>The decision.</returns>
    /// <exception cref="ArgumentException">The purchase is not the referee's; the message names the field.</exception>
    public ReferralDecision Decide(Referral referral, Transaction purchase, bool isFirstPurchase)
    {
        Preconditions.NotNull(referral, nameof(referral));
        Preconditions.NotNull(purchase, nameof(purchase));
        if (purchase.MemberId != referral.RefereeId)
        {
            throw Preconditions.Invalid("purchase.MemberId", $"'{purchase.MemberId}' is not the referee '{referral.RefereeId}'.");
        }

        var q = policy.Qualification;
        var at = purchase.OccurredAt;
        if (q.Trigger == ReferralTrigger.SignUp)
        {
            return Decide(referral, at);
        }

        var deadline = Deadline(referral);
        if (at < referral.SignedUpAt)
        {
            return Open(referral, ReferralStatus.Pending, "the purchase came before the referee signed up");
        }

        if (at >= deadline)
        {
            return Open(referral, ReferralStatus.NotQualified, $"expired: the purchase came after the window of {q.WithinDays} days from sign-up ended ({Local(deadline)})");
        }

        if (q.Trigger == ReferralTrigger.FirstPurchase && !isFirstPurchase)
        {
            return Open(referral, ReferralStatus.NotQualified, "only the referee's first purchase qualifies, and this is not it");
        }

        decimal spend = program.Evaluator.EvaluateTotal(purchase, new MemberContext(referral.RefereeId)).EligibleSpend;
        if (spend < q.MinimumSpend)
        {
            string shortfall = $"eligible spend {Money(spend)} is below {Money(q.MinimumSpend)}";
            return q.Trigger == ReferralTrigger.FirstPurchase
                ? Open(referral, ReferralStatus.NotQualified, $"the first purchase's {shortfall}")
                : Open(referral, ReferralStatus.Pending, $"the purchase's {shortfall}; a later one may qualify before {Local(deadline)}");
        }

        return Qualify(referral, at, $"purchase '{purchase.Id}' spent {Money(spend)} within {q.WithinDays} days of sign-up");
    }

    private ReferralDecision Qualify(Referral referral, Instant at, string why)
    {
        var fraud = program.Fraud.Inspect(referral);
        var status = fraud.Action == FraudAction.Reject ? ReferralStatus.Rejected : ReferralStatus.Qualified;
        string? hold = fraud.Action == FraudAction.Hold ? fraud.Reason : null;
        var sides = ImmutableArray.CreateBuilder<ReferralSideDecision>(2);
        if (policy.RewardsReferrer)
        {
            sides.Add(new(ReferralSide.Referrer, referral.ReferrerId, policy.DescribeReferrer(),
                status == ReferralStatus.Qualified ? new ReferralAwardEvent(referral.Id, ReferralSide.Referrer, referral.ReferrerId, at, hold) : null,
                status == ReferralStatus.Qualified ? null : fraud.Reason));
        }

        if (policy.RewardsReferee)
        {
            sides.Add(new(ReferralSide.Referee, referral.RefereeId, policy.Referee!.ToString(),
                status == ReferralStatus.Qualified ? new ReferralAwardEvent(referral.Id, ReferralSide.Referee, referral.RefereeId, at, hold) : null,
                status == ReferralStatus.Qualified ? null : fraud.Reason));
        }

        string reason = status == ReferralStatus.Rejected ? $"{why}, but fraud checks rejected it: {fraud.Reason}"
            : hold is null ? why : $"{why}; held for review: {hold}";
        return new ReferralDecision(referral, status, reason, at, sides.ToImmutable(), fraud);
    }

    private ReferralDecision Open(Referral referral, ReferralStatus status, string reason)
    {
        var sides = ImmutableArray.CreateBuilder<ReferralSideDecision>(2);
        if (policy.RewardsReferrer)
        {
            sides.Add(new(ReferralSide.Referrer, referral.ReferrerId, policy.DescribeReferrer(), null, reason));
        }

        if (policy.RewardsReferee)
        {
            sides.Add(new(ReferralSide.Referee, referral.RefereeId, policy.Referee!.ToString(), null, reason));
        }

        return new ReferralDecision(referral, status, reason, null, sides.ToImmutable(), FraudVerdict.Allowed);
    }

    /// <summary>"Within N days" of sign-up: until the start of local date (sign-up date + N + 1).</summary>
    private Instant Deadline(Referral referral)
        => ExpiryPolicy.StartOf(referral.SignedUpAt.InZone(program.TimeZone).Date.PlusDays(policy.Qualification.WithinDays + 1), program.TimeZone);

    private Money Money(decimal amount) => new(amount, program.Currency);

    private string Local(Instant instant) => instant.InZone(program.TimeZone).ToString("uuuu-MM-dd HH:mm o<g>", CultureInfo.InvariantCulture);
}
