using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using NodaTime;

namespace Loyalty.Rules;

/// <summary>Catalog redemptions and the vouchers they (and spend and referral rewards) issue: use, void, expiry.</summary>
internal sealed partial class AccountDraft
{
    /// <summary>
    /// Redeems a catalog reward: eligibility, the member's limit and the points first, then (for a stocked reward) the
    /// stock: without a decision for it, <paramref name="claim"/> is the claim to decide and nothing is done.
    /// </summary>
    public string? RedeemReward(RewardRedemptionEvent e, MemberContext member, IReadOnlyList<BudgetClaim> grants, out Money? value, out BudgetClaim? claim)
    {
        (value, claim) = (null, null);
        if (!program.RewardsById.TryGetValue(e.RewardId, out var reward))
        {
            return program.Rewards.IsEmpty
                ? $"reward '{e.RewardId}' is not in the catalog: program '{program.Id}' has no reward catalog."
                : $"reward '{e.RewardId}' is not in the catalog of program '{program.Id}'.";
        }

        var today = Today;
        if (reward.Refusal(TierBefore(member), member.Segments, e.Channel, today) is { } refusal)
        {
            return refusal;
        }

        var vouchers = state.Get(VoucherState.Vouchers);
        string voucherId = e.VoucherId ?? $"{eventId}/voucher";
        if (vouchers.Any(v => v.Id == voucherId))
        {
            return $"voucher '{voucherId}' is already in the account: a voucher id is given once.";
        }

        if (reward.Limit is { } limit)
        {
            var (start, end) = (ExpiryPolicy.PeriodStart(limit.Period, today), ExpiryPolicy.PeriodStart(limit.Period, today, 1));
            int redeemed = vouchers.Count(v => v.RewardId == reward.Id && v.Points > 0 && v.Status != VoucherStatus.Voided && v.IssuedAt.InZone(zone).Date is var d && d >= start && d < end); // bought: a game's free one does not count
            if (redeemed >= limit.Count)
            {
                return string.Create(CultureInfo.InvariantCulture, $"limit reached: reward '{reward.Id}' can be redeemed {limit}; {redeemed} since {start:uuuu-MM-dd}.");
            }
        }

        long points = reward.Points.Value;
        if (!Covers(points))
        {
            return string.Create(CultureInfo.InvariantCulture, $"reward '{reward.Id}' costs {points} points; {Math.Max(0, Available())} available.");
        }

        if (reward.Stocked)
        {
            var grant = StockGrant(grants, reward, e);
            if (grant is null)
            {
                claim = BudgetClaim.ForStock(reward.Id, eventId, e.MemberId);
                return null;
            }

            if (grant.Granted < 1)
            {
                return $"reward '{reward.Id}' is out of stock.";
            }
        }

        value = new Money(reward.Value, program.Currency);
        var taken = Take(points, pendingToo: false, LedgerEntryKind.Redeemed, $"redeemed for reward '{reward.Id}' ({reward.Name})");
        redemptions.Add(new RedemptionRecord { Id = eventId, At = at, Taken = [.. taken] });
        totals = totals with { Redeemed = totals.Redeemed + points };
        lastActivity = at;
        Issue(voucherId, reward.Id, reward.Name, reward.Value, reward.Product, points, ValidUntil(reward.ValidForDays), string.Create(CultureInfo.InvariantCulture, $"reward '{reward.Id}' ({reward.Name}) for {points} points, voucher '{voucherId}'"));
        return null;
    }

    /// <summary>The decided stock claim of <paramref name="reward"/> among <paramref name="grants"/>, or null; a grant that cannot be one throws.</summary>
    private static BudgetClaim? StockGrant(IReadOnlyList<BudgetClaim> grants, CatalogReward reward, RewardRedemptionEvent e)
    {
        if (grants.Count == 0)
        {
            return null;
        }

        {
            const string field = "grants[0]";
            if (grants.Count > 1)
            {
                throw Preconditions.Invalid("grants[1]", $"a reward redemption has one claim to decide, the stock of '{reward.Id}'.");
            }

            var grant = grants[0] ?? throw Preconditions.Invalid(field, "is null.");
            if (!grant.IsRewardStock || grant.OfferId != reward.Id)
            {
                throw Preconditions.Invalid(field, $"'{grant.OfferId}' is not the stock of reward '{reward.Id}' that '{e.Id}' redeems.");
            }

            if (grant.EventId != e.Id || grant.MemberId != e.MemberId)
            {
                throw Preconditions.Invalid(field, $"the claim is for event '{grant.EventId}' of member '{grant.MemberId}', not '{e.Id}' of '{e.MemberId}'.");
            }

            if (grant.Status == BudgetClaimStatus.Pending)
            {
                throw Preconditions.Invalid(field, $"the stock claim of reward '{reward.Id}' is pending: decide it (BudgetClaim.Decide) before processing with it.");
            }

            return grant;
        }
    }

    /// <summary>Issues a voucher (valid from today to <paramref name="validUntil"/>) and records it with a reward entry.</summary>
    private void Issue(string id, string rewardId, string name, decimal value, string? product, long points, LocalDate? validUntil, string reason)
        => Entry(LedgerEntryKind.RewardIssued, 0, null, $"{reason}: {Validity(validUntil)}", AddVoucher(id, rewardId, name, value, product, points, validUntil));

    /// <summary>Adds an issued voucher to the account; returns the reward its entry names.</summary>
    private IssuedReward AddVoucher(string id, string rewardId, string name, decimal value, string? product, long points, LocalDate? validUntil)
    {
        var voucher = new Voucher
        {
            Id = id,
            RewardId = rewardId,
            Name = name,
            Value = value,
            Product = product,
            Points = points,
            SourceId = eventId,
            IssuedAt = at,
            ValidFrom = Today,
            ValidUntil = validUntil,
            Status = VoucherStatus.Issued,
        };
        state = state.With(VoucherState.Vouchers, state.Get(VoucherState.Vouchers).Add(voucher));
        return Reward(voucher);
    }

    private static string Validity(LocalDate? validUntil)
        => validUntil is { } until ? string.Create(CultureInfo.InvariantCulture, $"valid until {until:uuuu-MM-dd}") : "valid with no end";

    /// <summary>The last valid day of a voucher issued today and valid <paramref name="validForDays"/> days, or null for no end.</summary>
    private LocalDate? ValidUntil(int? validForDays) => validForDays is { } days ? Today.PlusDays(days - 1) : null;

    /// <summary>The id of the next voucher of a reward that was not bought (a spend or referral reward), numbered within the event.</summary>
    private string NextVoucherId() => string.Create(CultureInfo.InvariantCulture, $"{eventId}/voucher#{++vouchersIssued}");

    /// <summary>A purchase used a voucher: it must be issued and valid today.</summary>
    public string? UseVoucher(VoucherUseEvent e)
    {
        var vouchers = state.Get(VoucherState.Vouchers);
        int index = vouchers.Length - 1;
        while (index >= 0 && vouchers[index].Id != e.VoucherId)
        {
            index--;
        }

        if (index < 0)
        {
            return $"voucher '{e.VoucherId}' is not in the account (unknown, or forgotten after the retention window).";
        }

        var voucher = vouchers[index];
        var today = Today;
        switch (voucher.Status)
        {
            case VoucherStatus.Used:
                return $"voucher '{voucher.Id}' was used already, by '{voucher.UsedBy}' at {voucher.ClosedAt}: a voucher is used once.";
            case VoucherStatus.Voided:
                return $"voucher '{voucher.Id}' was voided at {voucher.ClosedAt}: its redemption was cancelled.";
            case VoucherStatus.Expired:
                return string.Create(CultureInfo.InvariantCulture, $"voucher '{voucher.Id}' expired: it was valid until {voucher.ValidUntil:uuuu-MM-dd}.");
        }

        if (!voucher.IsUsableOn(today))
        {
            return today < voucher.ValidFrom
                ? string.Create(CultureInfo.InvariantCulture, $"voucher '{voucher.Id}' is valid from {voucher.ValidFrom:uuuu-MM-dd}, not on {today:uuuu-MM-dd}.")
                : string.Create(CultureInfo.InvariantCulture, $"voucher '{voucher.Id}' was valid until {voucher.ValidUntil:uuuu-MM-dd}, not on {today:uuuu-MM-dd}.");
        }

        state = state.With(VoucherState.Vouchers, vouchers.SetItem(index, voucher with { Status = VoucherStatus.Used, ClosedAt = at, UsedBy = e.TransactionId }));
        Entry(LedgerEntryKind.VoucherUsed, 0, null, $"voucher '{voucher.Id}' ({voucher.Name}) used by '{e.TransactionId}'", Reward(voucher));
        return null;
    }

    /// <summary>A cancelled redemption's voucher: voided when unused; a used one refuses the cancellation.</summary>
    private string? VoidVoucherOf(string redemptionId)
    {
        var vouchers = state.Get(VoucherState.Vouchers);
        for (int i = 0; i < vouchers.Length; i++)
        {
            var voucher = vouchers[i];
            if (voucher.SourceId != redemptionId || voucher.Points == 0)
            {
                continue;
            }

            if (voucher.Status == VoucherStatus.Used)
            {
                return $"redemption '{redemptionId}' issued voucher '{voucher.Id}', used by '{voucher.UsedBy}' at {voucher.ClosedAt}: a used reward cannot be cancelled.";
            }

            state = state.With(VoucherState.Vouchers, vouchers.SetItem(i, voucher with { Status = VoucherStatus.Voided, ClosedAt = at }));
            Entry(LedgerEntryKind.VoucherVoided, 0, null, $"voucher '{voucher.Id}' ({voucher.Name}) voided: redemption '{redemptionId}' cancelled", Reward(voucher));
        }

        return null;
    }

    /// <summary>Expires the vouchers not used by the start of the day after their last valid day.</summary>
    private void ExpireVouchers()
    {
        var vouchers = state.Get(VoucherState.Vouchers);
        var today = Today;
        var expired = vouchers;
        for (int i = 0; i < vouchers.Length; i++)
        {
            var voucher = vouchers[i];
            if (voucher.Status == VoucherStatus.Issued && voucher.ValidUntil is { } until && until < today)
            {
                expired = expired.SetItem(i, voucher with { Status = VoucherStatus.Expired, ClosedAt = ExpiryPolicy.StartOf(until.PlusDays(1), zone) });
                if (!Quiet)
                {
                    entries.Add(new LedgerEntry($"{eventId}:{voucher.Id}", LedgerEntryKind.VoucherExpired, 0, at, null, string.Create(CultureInfo.InvariantCulture, $"voucher '{voucher.Id}' ({voucher.Name}) not used by {until:uuuu-MM-dd}")) { Reward = Reward(voucher) });
                }
            }
        }

        state = state.With(VoucherState.Vouchers, expired);
    }

    private IssuedReward Reward(Voucher voucher) => new(voucher.Name, new Money(voucher.Value, program.Currency)) { VoucherId = voucher.Id };
}
