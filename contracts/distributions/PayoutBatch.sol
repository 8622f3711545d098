// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.37;

/// @title PayoutBatch
/// @notice Pays a chunk of holders of a distribution in one transaction. The
///         caller (the issuer's treasury) approves this contract on the
///         settlement token once; each chunk then moves `amounts[i]` from the
///         caller to `recipients[i]` with `transferFrom`. A recipient whose
///         transfer fails (a blocked address on the stablecoin, a token hook
///         that reverts) does not revert the chunk: it is reported with
///         {PaymentFailed} and its money stays with the caller.
/// @dev Only the caller's own allowance is ever spent, so nobody can pay out
///      of another account. A chunk id can be paid once per payer: a chunk sent
///      twice (a retried or replayed transaction) reverts with
///      {ChunkAlreadyPaid} instead of paying anyone twice.
contract PayoutBatch {
    /// @notice Whether `payer` has paid chunk `chunkId`.
    mapping(address payer => mapping(bytes32 chunkId => bool)) public chunkPaid;

    /// @notice Chunk `chunkId` of `payer` in `token` was paid: `paidCount`
    ///         recipients received `paidTotal` base units, `failedCount` failed.
    event ChunkPaid(
        address indexed payer,
        bytes32 indexed chunkId,
        address indexed token,
        uint256 paidCount,
        uint256 paidTotal,
        uint256 failedCount
    );

    /// @notice Paying `amount` of chunk `chunkId` to `recipient` failed; nothing moved.
    event PaymentFailed(bytes32 indexed chunkId, address indexed recipient, uint256 amount);

    /// @notice `chunkId` was already paid by this payer.
    error ChunkAlreadyPaid(bytes32 chunkId);

    /// @notice `recipients` and `amounts` differ in length.
    error LengthMismatch(uint256 recipients, uint256 amounts);

    /// @notice Pays chunk `chunkId`: `amounts[i]` of `token` from the caller to `recipients[i]`.
    /// @dev Example: `pay(usdc, keccak256("dist-7/chunk-0"), [a, b], [100e6, 250e6])`.
    /// @return paidTotal base units that reached their recipients.
    /// @return failedCount recipients whose transfer failed (see {PaymentFailed}).
    function pay(address token, bytes32 chunkId, address[] calldata recipients, uint256[] calldata amounts)
        external
        returns (uint256 paidTotal, uint256 failedCount)
    {
        if (recipients.length != amounts.length) revert LengthMismatch(recipients.length, amounts.length);
        if (chunkPaid[msg.sender][chunkId]) revert ChunkAlreadyPaid(chunkId);
        chunkPaid[msg.sender][chunkId] = true;
        uint256 n = recipients.length;
        address payer = msg.sender;
        for (uint256 i; i < n;) {
            address to = recipients[i];
            uint256 amount = amounts[i];
            if (_transferFrom(token, payer, to, amount)) {
                paidTotal += amount;
            } else {
                ++failedCount;
                emit PaymentFailed(chunkId, to, amount);
            }
            unchecked {
                ++i;
            }
        }
        emit ChunkPaid(payer, chunkId, token, n - failedCount, paidTotal, failedCount);
    }

    /// @dev transferFrom that reports failure instead of reverting: a revert, a
    ///      `false` return, or no code at `token` all count as failed. Tokens
    ///      that return nothing (USDT-style) succeed when the call does.
    function _transferFrom(address token, address from, address to, uint256 amount) private returns (bool ok) {
        assembly ("memory-safe") {
            let m := mload(0x40)
            mstore(m, 0x23b872dd00000000000000000000000000000000000000000000000000000000)
            mstore(add(m, 0x04), from)
            mstore(add(m, 0x24), to)
            mstore(add(m, 0x44), amount)
            ok := call(gas(), token, 0, m, 0x64, 0, 0x20)
            if ok {
                switch returndatasize()
                case 0 { ok := gt(extcodesize(token), 0) }
                default { ok := and(gt(returndatasize(), 0x1f), eq(mload(0), 1)) }
            }
        }
    }
}
