"""What the city portal embeds: blocks, web components, iframes."""
