// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.37;

import {CustosModule, ICustosToken} from "./CustosModule.sol";

/// @title CustosLockupModule
/// @notice Lock-up per lot. Each mint made while a lock-up duration applies
///         records a lot (amount, release time = the mint block's timestamp +
///         the duration); tokens outside a lot, or in a lot whose release time
///         has come, are free. A transfer may spend only free tokens that are
///         not frozen either, whoever sends it and through whichever method.
/// @dev The duration is the token's default, or a one-shot duration the
///      compliance sets for the next mint to one wallet (an offering's terms).
///      Release compares with `block.timestamp`: a lot is locked while
///      `block.timestamp < releaseTime` and free from `releaseTime` on.
///      Forced transfers and burns (agent actions that skip `moduleCheck`) may
///      take locked tokens once the free ones are used up: the locked lots are
///      consumed oldest first, and a forced transfer hands the consumed part to
///      the receiver as lots with the same release times (a recovered wallet
///      keeps its lock-up); a burn removes it.
contract CustosLockupModule is CustosModule {
    /// @notice A lot as the views return it.
    struct Lot {
        uint256 amount;
        uint64 releaseTime;
    }

    struct StoredLot {
        uint192 amount;
        uint64 releaseTime;
    }

    /// @notice Most lots one wallet holds at once (released lots are pruned first).
    uint256 public constant MAX_LOTS = 64;

    event LockupDurationSet(address indexed compliance, uint64 duration);
    event NextMintLockupSet(address indexed compliance, address indexed wallet, uint64 duration);
    event LotLocked(address indexed compliance, address indexed wallet, uint256 amount, uint64 releaseTime);
    event LockedTokensMoved(address indexed compliance, address indexed from, address indexed to, uint256 amount);
    event LockedTokensBurnt(address indexed compliance, address indexed wallet, uint256 amount);

    error TooManyLots(address compliance, address wallet);
    error LotTooLarge(uint256 amount);

    /// @notice The lock-up a mint to any wallet gets, in seconds (0: none).
    mapping(address compliance => uint64 duration) public lockupDurationOf;

    /// @dev duration + 1 of a pending one-shot lock-up (0: none pending).
    mapping(address compliance => mapping(address wallet => uint72 durationPlusOne)) private _nextMint;

    mapping(address compliance => mapping(address wallet => StoredLot[] lots)) private _lots;

    function setLockupDuration(uint64 duration) external onlyBoundCompliance {
        lockupDurationOf[msg.sender] = duration;
        emit LockupDurationSet(msg.sender, duration);
    }

    /// @notice The next mint to `wallet` is locked for `duration` seconds
    ///         instead of the token's default (0: that mint is not locked).
    function setNextMintLockup(address wallet, uint64 duration) external onlyBoundCompliance {
        _nextMint[msg.sender][wallet] = uint72(duration) + 1;
        emit NextMintLockupSet(msg.sender, wallet, duration);
    }

    /// @notice The pending one-shot lock-up for the next mint to `wallet`.
    function nextMintLockup(address compliance, address wallet) external view returns (bool pending, uint64 duration) {
        uint72 d = _nextMint[compliance][wallet];
        return d == 0 ? (false, 0) : (true, uint64(d - 1));
    }

    /// @notice Tokens of `wallet` still locked now.
    function lockedBalanceOf(address compliance, address wallet) public view returns (uint256 locked) {
        StoredLot[] storage lots = _lots[compliance][wallet];
        uint256 n = lots.length;
        for (uint256 i; i < n; ++i) {
            StoredLot memory l = lots[i];
            if (l.releaseTime > block.timestamp) locked += l.amount;
        }
    }

    /// @notice The lots of `wallet` still locked now, oldest first.
    function lotsOf(address compliance, address wallet) external view returns (Lot[] memory out) {
        StoredLot[] storage lots = _lots[compliance][wallet];
        uint256 n = lots.length;
        uint256 k;
        for (uint256 i; i < n; ++i) if (lots[i].releaseTime > block.timestamp) ++k;
        out = new Lot[](k);
        k = 0;
        for (uint256 i; i < n; ++i) {
            StoredLot memory l = lots[i];
            if (l.releaseTime > block.timestamp) out[k++] = Lot(l.amount, l.releaseTime);
        }
    }

    /// @notice What `wallet` may transfer now: its balance less the locked and the frozen tokens.
    function transferableBalanceOf(address compliance, address wallet) public view returns (uint256) {
        ICustosToken token = _token(compliance);
        uint256 held = token.balanceOf(wallet);
        uint256 locked = lockedBalanceOf(compliance, wallet);
        uint256 frozen = locked == 0 ? 0 : token.getFrozenTokens(wallet);
        return held > locked + frozen ? held - locked - frozen : 0;
    }

    function moduleCheck(address from, address, uint256 value, address compliance) external view returns (bool) {
        if (from == address(0) || _lots[compliance][from].length == 0) return true;
        return value <= transferableBalanceOf(compliance, from);
    }

    function moduleTransferAction(address from, address to, uint256 value) external {
        if (_lots[msg.sender][from].length == 0 || from == to) return;
        _spend(msg.sender, from, to, value);
    }

    function moduleMintAction(address to, uint256 value) external {
        uint64 duration;
        uint72 pending = _nextMint[msg.sender][to];
        if (pending != 0) {
            delete _nextMint[msg.sender][to];
            duration = uint64(pending - 1);
        } else {
            duration = lockupDurationOf[msg.sender];
        }
        if (duration == 0) return;
        _addLot(msg.sender, to, value, uint64(block.timestamp) + duration);
    }

    function moduleBurnAction(address from, uint256 value) external {
        if (_lots[msg.sender][from].length == 0) return;
        _spend(msg.sender, from, address(0), value);
    }

    function name() external pure returns (string memory) {
        return "CustosLockupModule";
    }

    function restrictionCode() external pure returns (uint8) {
        return 12;
    }

    function _addLot(address compliance, address wallet, uint256 amount, uint64 releaseTime) private {
        if (amount > type(uint192).max) revert LotTooLarge(amount);
        StoredLot[] storage lots = _lots[compliance][wallet];
        uint256 n = lots.length;
        // Lots minted in one block with one duration (a batch mint) share a slot.
        if (n != 0 && lots[n - 1].releaseTime == releaseTime) {
            uint256 sum = uint256(lots[n - 1].amount) + amount;
            if (sum > type(uint192).max) revert LotTooLarge(sum);
            lots[n - 1].amount = uint192(sum);
        } else {
            if (n >= MAX_LOTS) {
                _prune(lots);
                if (lots.length >= MAX_LOTS) revert TooManyLots(compliance, wallet);
            }
            lots.push(StoredLot(uint192(amount), releaseTime));
        }
        emit LotLocked(compliance, wallet, amount, releaseTime);
    }

    /// @dev Called after the token moved `value` out of `wallet`: drops released
    ///      lots, then takes from the locked ones what the free balance did not cover.
    function _spend(address compliance, address wallet, address to, uint256 value) private {
        StoredLot[] storage lots = _lots[compliance][wallet];
        uint256 locked = _prune(lots);
        // Every lot released: whatever left was free; no need to read the balance.
        if (locked == 0) return;
        uint256 before = _token(compliance).balanceOf(wallet) + value;
        uint256 free = before > locked ? before - locked : 0;
        if (value <= free) return;
        uint256 need = value - free;
        uint256 taken = need;
        uint256 n = lots.length;
        uint256 keep;
        for (uint256 i; i < n; ++i) {
            StoredLot memory l = lots[i];
            if (need != 0) {
                uint256 take = l.amount < need ? l.amount : need;
                need -= take;
                l.amount -= uint192(take);
                if (to != address(0)) _addLot(compliance, to, take, l.releaseTime);
            }
            if (l.amount != 0) lots[keep++] = l;
        }
        while (lots.length > keep) lots.pop();
        if (to == address(0)) emit LockedTokensBurnt(compliance, wallet, taken);
        else emit LockedTokensMoved(compliance, wallet, to, taken);
    }

    /// @dev Removes released lots in place (order kept); returns what stays locked.
    function _prune(StoredLot[] storage lots) private returns (uint256 locked) {
        uint256 n = lots.length;
        uint256 keep;
        for (uint256 i; i < n; ++i) {
            StoredLot memory l = lots[i];
            if (l.releaseTime <= block.timestamp) continue;
            locked += l.amount;
            if (keep != i) lots[keep] = l;
            ++keep;
        }
        while (lots.length > keep) lots.pop();
    }
}
