// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.37;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";

/// @title DevStablecoin
/// @notice A 6-decimal stand-in for a USD stablecoin on development chains.
///         Settlement and dividends use it; the owner mints test funds and,
///         like the issuers of regulated stablecoins, can block an address
///         from sending or receiving.
contract DevStablecoin is ERC20, Ownable {
    /// @notice Addresses that may neither send nor receive.
    mapping(address account => bool) public blocked;

    /// @notice `account` was blocked (`isBlocked` true) or unblocked by the owner.
    event BlockedSet(address indexed account, bool isBlocked);

    /// @notice A transfer from or to a blocked `account`.
    error AccountBlocked(address account);

    constructor(string memory name_, string memory symbol_, address owner_) ERC20(name_, symbol_) Ownable(owner_) {}

    /// @inheritdoc ERC20
    function decimals() public pure override returns (uint8) {
        return 6;
    }

    /// @notice Creates `amount` base units for `to`. Owner only.
    function mint(address to, uint256 amount) external onlyOwner {
        _mint(to, amount);
    }

    /// @notice Blocks or unblocks `account`. Owner only.
    function setBlocked(address account, bool isBlocked) external onlyOwner {
        blocked[account] = isBlocked;
        emit BlockedSet(account, isBlocked);
    }

    function _update(address from, address to, uint256 value) internal override {
        if (blocked[from]) revert AccountBlocked(from);
        if (blocked[to]) revert AccountBlocked(to);
        super._update(from, to, value);
    }
}
