// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.37;

/// @title AuditAnchor
/// @notice Stores Merkle roots of Custos audit logs (RFC 6962 trees) so that an
///         auditor can check an exported log against the chain. A log only grows:
///         each anchor must be for a larger tree than the last one of its log.
/// @dev Several writers share one contract: the admin allows anchorers, and a
///      log id belongs to the first anchorer that anchors it, so no writer can
///      add roots to another writer's log. Anchors are never changed or removed.
contract AuditAnchor {
    struct Anchor {
        bytes32 root;
        uint64 anchoredAt;
    }

    /// @notice Who may allow and revoke anchorers, and hand the admin role on.
    address public admin;

    /// @notice Accounts allowed to anchor (custody vaults of the log writers).
    mapping(address account => bool allowed) public isAnchorer;

    /// @notice The anchorer a log id is bound to (zero until its first anchor).
    mapping(bytes32 logId => address anchorer) public logOwner;

    /// @notice The largest tree size anchored for a log (zero if none).
    mapping(bytes32 logId => uint64 treeSize) public latestTreeSize;

    mapping(bytes32 logId => mapping(uint64 treeSize => Anchor)) private _anchors;

    /// @notice The admin role moved from `previousAdmin` to `newAdmin`.
    event AdminChanged(address indexed previousAdmin, address indexed newAdmin);

    /// @notice `account` was allowed (`allowed` true) or no longer allowed to anchor.
    event AnchorerSet(address indexed account, bool allowed);

    /// @notice `logId` was bound to `anchorer` by its first anchor.
    event LogClaimed(bytes32 indexed logId, address indexed anchorer);

    /// @notice A checkpoint of `logId` with `treeSize` entries and `root` was anchored by `anchorer`.
    event Anchored(bytes32 indexed logId, uint64 indexed treeSize, bytes32 root, address indexed anchorer);

    /// @notice The caller is not the admin.
    error NotAdmin(address caller);
    /// @notice The caller is not an allowed anchorer.
    error NotAnchorer(address caller);
    /// @notice The log is bound to another anchorer.
    error NotLogOwner(bytes32 logId, address owner, address caller);
    /// @notice The tree size does not exceed the largest one anchored for the log.
    error TreeDidNotGrow(bytes32 logId, uint64 latest, uint64 given);
    /// @notice A zero root or zero log id was given.
    error EmptyRoot();
    /// @notice The zero address was given where an account is needed.
    error ZeroAddress();

    modifier onlyAdmin() {
        if (msg.sender != admin) revert NotAdmin(msg.sender);
        _;
    }

    /// @param admin_ The account that allows anchorers (the deployer, typically).
    constructor(address admin_) {
        if (admin_ == address(0)) revert ZeroAddress();
        admin = admin_;
        emit AdminChanged(address(0), admin_);
    }

    /// @notice Allows `account` to anchor logs, or withdraws that right. A log
    ///         stays bound to its anchorer even while the anchorer is not allowed.
    function setAnchorer(address account, bool allowed) external onlyAdmin {
        if (account == address(0)) revert ZeroAddress();
        isAnchorer[account] = allowed;
        emit AnchorerSet(account, allowed);
    }

    /// @notice Hands the admin role to `newAdmin`.
    function changeAdmin(address newAdmin) external onlyAdmin {
        if (newAdmin == address(0)) revert ZeroAddress();
        emit AdminChanged(admin, newAdmin);
        admin = newAdmin;
    }

    /// @notice Records the root of `logId` at `treeSize`. Sizes must strictly grow;
    ///         the first anchor of a log binds it to the caller.
    /// @param logId keccak256 of the log's origin line, e.g. keccak256("custos.dev/custody/main").
    /// @param treeSize Number of entries the root covers.
    /// @param root RFC 6962 Merkle tree head over those entries.
    function anchor(bytes32 logId, uint64 treeSize, bytes32 root) external {
        if (!isAnchorer[msg.sender]) revert NotAnchorer(msg.sender);
        if (root == bytes32(0) || logId == bytes32(0)) revert EmptyRoot();
        address owner = logOwner[logId];
        if (owner == address(0)) {
            logOwner[logId] = msg.sender;
            emit LogClaimed(logId, msg.sender);
        } else if (owner != msg.sender) {
            revert NotLogOwner(logId, owner, msg.sender);
        }
        uint64 latest = latestTreeSize[logId];
        if (treeSize <= latest) revert TreeDidNotGrow(logId, latest, treeSize);
        _anchors[logId][treeSize] = Anchor(root, uint64(block.timestamp));
        latestTreeSize[logId] = treeSize;
        emit Anchored(logId, treeSize, root, msg.sender);
    }

    /// @notice The root anchored for `logId` at `treeSize`, and when (both zero if none).
    function rootAt(bytes32 logId, uint64 treeSize) external view returns (bytes32 root, uint64 anchoredAt) {
        Anchor memory a = _anchors[logId][treeSize];
        return (a.root, a.anchoredAt);
    }
}
