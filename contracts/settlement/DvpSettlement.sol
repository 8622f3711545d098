// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.37;

/// @dev The parts of an ERC-3643 (T-REX) token this contract uses.
interface IDvpSecurityToken {
    function isAgent(address account) external view returns (bool);
    function paused() external view returns (bool);
    function isFrozen(address wallet) external view returns (bool);
    function getFrozenTokens(address wallet) external view returns (uint256);
    function balanceOf(address wallet) external view returns (uint256);
    function compliance() external view returns (address);
    function forcedTransfer(address from, address to, uint256 amount) external returns (bool);
    function burn(address from, uint256 amount) external;
}

/// @dev The modular compliance's view of which modules a token binds.
interface IDvpCompliance {
    function isModuleBound(address module) external view returns (bool);
}

/// @dev CustosLockupModule's view of what a wallet may move now.
interface IDvpLockupView {
    function transferableBalanceOf(address compliance, address wallet) external view returns (uint256);
}

/// @title DvpSettlement
/// @notice Settles a redemption or a buyback delivery-versus-payment: in one
///         transaction the security tokens leave the investor (to the
///         issuer's treasury, or burned) and the settlement ERC-20 goes from
///         the caller (the issuer's treasury) to the investor. If either leg
///         fails the whole call reverts and nothing moves.
/// @dev The contract is an agent of every token it settles (the token owner
///      adds it with `addAgent`), so it moves the tokens with
///      `forcedTransfer` or `burn`, which T-REX lets agents do without the
///      investor's signature. Because those skip the token's compliance
///      check, the contract applies the investor-side rules itself before
///      moving anything: the token is not paused, the wallet is not frozen,
///      the quantity is within the unfrozen balance and, when the token binds
///      the Custos lock-up module, within what that module says is free (a
///      redemption never takes locked tokens). Only an agent of the token may
///      call, and only the caller's own allowance of the settlement ERC-20 is
///      spent. A trade id settles once per caller ({AlreadySettled}), so a
///      replayed transaction cannot settle twice.
contract DvpSettlement {
    /// @notice One trade: `quantity` of `token` from `investor` against `amount` of `cash`.
    /// @dev `tokensTo` is the treasury that receives the tokens (it must be a
    ///      verified identity of the token), or the zero address to burn them.
    struct Trade {
        bytes32 tradeId;
        address token;
        address investor;
        uint256 quantity;
        address cash;
        uint256 amount;
        address tokensTo;
    }

    /// @notice The Custos lock-up module whose lots a settlement respects (zero: none).
    address public immutable lockupModule;

    /// @notice Whether `payer` has settled trade `tradeId`.
    mapping(address payer => mapping(bytes32 tradeId => bool)) public settled;

    /// @notice Trade `tradeId` settled: `quantity` of `token` left `investor`
    ///         (to `tokensTo`, or burned when it is zero) and `amount` of `cash`
    ///         went from `payer` to `investor`.
    event Settled(
        address indexed payer,
        bytes32 indexed tradeId,
        address indexed token,
        address investor,
        uint256 quantity,
        address cash,
        uint256 amount,
        address tokensTo
    );

    /// @notice The caller is not an agent of `token`.
    error NotTokenAgent(address token, address caller);
    /// @notice This contract is not an agent of `token` (the owner must `addAgent` it).
    error SettlementNotAgent(address token);
    /// @notice `tradeId` was already settled by this payer.
    error AlreadySettled(bytes32 tradeId);
    /// @notice A trade must move a positive quantity.
    error ZeroQuantity();
    /// @notice The token is paused: nothing settles until the issuer unpauses it.
    error TokenPaused(address token);
    /// @notice The investor's wallet is frozen on the token.
    error InvestorFrozen(address investor);
    /// @notice The investor's unfrozen balance `free` is below `quantity`.
    error InsufficientFreeBalance(address investor, uint256 free, uint256 quantity);
    /// @notice Only `transferable` of the investor's tokens are out of lock-up.
    error TokensLocked(address investor, uint256 transferable, uint256 quantity);
    /// @notice The token refused to move `quantity` from `investor`.
    error DeliveryFailed(address investor, uint256 quantity);
    /// @notice Paying `amount` of `cash` from `payer` to `investor` failed (balance, allowance, blocklist).
    error PaymentFailed(address cash, address payer, address investor, uint256 amount);

    /// @param lockupModule_ the Custos lock-up module (zero when none is deployed).
    constructor(address lockupModule_) {
        lockupModule = lockupModule_;
    }

    /// @notice Settles `t` atomically; see the contract's notice.
    /// @dev Example: a buyback of 40 ACME at 2 cUSD from Alice, burned:
    ///      `settle(Trade(keccak256("tender-7/alice"), acme, alice, 40, usd, 80e6, address(0)))`.
    function settle(Trade calldata t) external {
        IDvpSecurityToken token = IDvpSecurityToken(t.token);
        if (!token.isAgent(msg.sender)) revert NotTokenAgent(t.token, msg.sender);
        if (!token.isAgent(address(this))) revert SettlementNotAgent(t.token);
        if (t.quantity == 0) revert ZeroQuantity();
        if (settled[msg.sender][t.tradeId]) revert AlreadySettled(t.tradeId);
        settled[msg.sender][t.tradeId] = true;

        _checkInvestorSide(token, t.investor, t.quantity);

        if (t.tokensTo == address(0)) {
            token.burn(t.investor, t.quantity);
        } else if (!token.forcedTransfer(t.investor, t.tokensTo, t.quantity)) {
            revert DeliveryFailed(t.investor, t.quantity);
        }
        if (!_transferFrom(t.cash, msg.sender, t.investor, t.amount)) revert PaymentFailed(t.cash, msg.sender, t.investor, t.amount);

        emit Settled(msg.sender, t.tradeId, t.token, t.investor, t.quantity, t.cash, t.amount, t.tokensTo);
    }

    /// @dev What a transfer by the investor would have to respect: pause, freeze, frozen tokens, lock-up lots.
    function _checkInvestorSide(IDvpSecurityToken token, address investor, uint256 quantity) private view {
        if (token.paused()) revert TokenPaused(address(token));
        if (token.isFrozen(investor)) revert InvestorFrozen(investor);
        uint256 balance = token.balanceOf(investor);
        uint256 frozen = token.getFrozenTokens(investor);
        uint256 free = balance > frozen ? balance - frozen : 0;
        if (quantity > free) revert InsufficientFreeBalance(investor, free, quantity);
        address module = lockupModule;
        if (module == address(0)) return;
        address compliance = token.compliance();
        if (!IDvpCompliance(compliance).isModuleBound(module)) return;
        uint256 transferable = IDvpLockupView(module).transferableBalanceOf(compliance, investor);
        if (quantity > transferable) revert TokensLocked(investor, transferable, quantity);
    }

    /// @dev transferFrom that reports failure instead of reverting: a revert, a
    ///      `false` return, or no code at `cash` all count as failed; a token
    ///      that returns nothing succeeds when the call does.
    function _transferFrom(address cash, address from, address to, uint256 amount) private returns (bool) {
        if (cash.code.length == 0) return false;
        (bool ok, bytes memory ret) = cash.call(abi.encodeWithSelector(0x23b872dd, from, to, amount));
        return ok && (ret.length == 0 || (ret.length >= 32 && abi.decode(ret, (bool))));
    }
}
