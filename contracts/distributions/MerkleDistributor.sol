// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.37;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {MerkleProof} from "@openzeppelin/contracts/utils/cryptography/MerkleProof.sol";

/// @title MerkleDistributor
/// @notice Distributions that holders claim against a Merkle root until a
///         deadline; after it the issuer takes the unclaimed rest back.
///         One contract serves many distributions, each named by an id.
/// @dev A leaf is `keccak256(bytes.concat(keccak256(abi.encode(index, account, amount))))`
///      (double hashed so no inner node can pass as a leaf); pairs are hashed
///      sorted, as OpenZeppelin's {MerkleProof} expects. Anyone may submit a
///      claim, but the money always goes to the leaf's `account`, so a custodian
///      can claim for the holders it keeps.
contract MerkleDistributor {
    using SafeERC20 for IERC20;

    struct Distribution {
        address issuer;
        address token;
        bytes32 root;
        uint64 deadline;
        uint256 remaining;
    }

    /// @notice Distributions by id.
    mapping(bytes32 id => Distribution) public distributions;

    mapping(bytes32 id => mapping(uint256 word => uint256 bits)) private _claimed;

    /// @notice `issuer` funded distribution `id` with `total` of `token`, claimable against `root` until `deadline`.
    event DistributionCreated(bytes32 indexed id, address indexed issuer, address indexed token, bytes32 root, uint256 total, uint64 deadline);

    /// @notice Leaf `index` of `id` paid `amount` to `account`.
    event Claimed(bytes32 indexed id, uint256 index, address indexed account, uint256 amount);

    /// @notice The issuer took back `amount` unclaimed of `id` to `to`.
    event Reclaimed(bytes32 indexed id, address indexed to, uint256 amount);

    error DistributionExists(bytes32 id);
    error UnknownDistribution(bytes32 id);
    error DeadlineInPast(uint64 deadline);
    error ClaimWindowClosed(bytes32 id, uint64 deadline);
    error ClaimWindowOpen(bytes32 id, uint64 deadline);
    error AlreadyClaimed(bytes32 id, uint256 index);
    error InvalidProof(bytes32 id, uint256 index);
    error NotIssuer(bytes32 id, address caller);

    /// @notice Creates distribution `id`, pulling `total` of `token` from the caller (who must have approved it).
    function create(bytes32 id, address token, bytes32 root, uint256 total, uint64 deadline) external {
        if (distributions[id].issuer != address(0)) revert DistributionExists(id);
        if (deadline <= block.timestamp) revert DeadlineInPast(deadline);
        distributions[id] = Distribution(msg.sender, token, root, deadline, total);
        IERC20(token).safeTransferFrom(msg.sender, address(this), total);
        emit DistributionCreated(id, msg.sender, token, root, total, deadline);
    }

    /// @notice Whether leaf `index` of `id` has been claimed.
    function isClaimed(bytes32 id, uint256 index) public view returns (bool) {
        return _claimed[id][index >> 8] & (1 << (index & 0xff)) != 0;
    }

    /// @notice Pays leaf `index` of `id` (`amount` to `account`) if `proof` leads to the root.
    function claim(bytes32 id, uint256 index, address account, uint256 amount, bytes32[] calldata proof) external {
        Distribution storage d = distributions[id];
        if (d.issuer == address(0)) revert UnknownDistribution(id);
        if (block.timestamp > d.deadline) revert ClaimWindowClosed(id, d.deadline);
        if (isClaimed(id, index)) revert AlreadyClaimed(id, index);
        bytes32 leaf = keccak256(bytes.concat(keccak256(abi.encode(index, account, amount))));
        if (!MerkleProof.verifyCalldata(proof, d.root, leaf)) revert InvalidProof(id, index);
        _claimed[id][index >> 8] |= 1 << (index & 0xff);
        d.remaining -= amount;
        IERC20(d.token).safeTransfer(account, amount);
        emit Claimed(id, index, account, amount);
    }

    /// @notice After the deadline, sends what was not claimed of `id` to `to`. Issuer only.
    function reclaim(bytes32 id, address to) external {
        Distribution storage d = distributions[id];
        if (d.issuer == address(0)) revert UnknownDistribution(id);
        if (msg.sender != d.issuer) revert NotIssuer(id, msg.sender);
        if (block.timestamp <= d.deadline) revert ClaimWindowOpen(id, d.deadline);
        uint256 amount = d.remaining;
        d.remaining = 0;
        IERC20(d.token).safeTransfer(to, amount);
        emit Reclaimed(id, to, amount);
    }
}
