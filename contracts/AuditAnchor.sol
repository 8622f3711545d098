// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.37;

/// @title AuditAnchor
/// @notice Stores Merkle roots of Custos audit logs (RFC 6962 trees) so that an
///         auditor can check an exported log against the chain. A log only grows:
///         each anchor must be for a larger tree than the last one of its log.
contract AuditAnchor {
    struct Anchor {
        bytes32 root;
        uint64 treeSize;
        uint64 anchoredAt;
    }

    /// @notice The account allowed to anchor (the custody vault of the log writer).
    address public immutable anchorer;

    mapping(bytes32 logId => mapping(uint64 treeSize => Anchor)) private _anchors;
    mapping(bytes32 logId => uint64) public latestTreeSize;

    /// @notice A checkpoint of `logId` with `treeSize` entries and `root` was anchored.
    event Anchored(bytes32 indexed logId, uint64 indexed treeSize, bytes32 root);

    error NotAnchorer(address caller);
    error TreeDidNotGrow(bytes32 logId, uint64 latest, uint64 given);
    error EmptyRoot();

    constructor(address anchorer_) {
        anchorer = anchorer_;
    }

    /// @notice Records the root of `logId` at `treeSize`. Sizes must strictly grow.
    function anchor(bytes32 logId, uint64 treeSize, bytes32 root) external {
        if (msg.sender != anchorer) revert NotAnchorer(msg.sender);
        if (root == bytes32(0)) revert EmptyRoot();
        uint64 latest = latestTreeSize[logId];
        if (treeSize <= latest) revert TreeDidNotGrow(logId, latest, treeSize);
        _anchors[logId][treeSize] = Anchor(root, treeSize, uint64(block.timestamp));
        latestTreeSize[logId] = treeSize;
        emit Anchored(logId, treeSize, root);
    }

    /// @notice The root anchored for `logId` at `treeSize` (zero if none).
    function rootAt(bytes32 logId, uint64 treeSize) external view returns (bytes32 root, uint64 anchoredAt) {
        Anchor memory a = _anchors[logId][treeSize];
        return (a.root, a.anchoredAt);
    }
}
