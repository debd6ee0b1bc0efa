// The real USB backend over node-usb 2.x (libusb), behind the UsbBackend seam.
import { usb, getDeviceList, type Device, type InEndpoint, type Interface, type OutEndpoint } from 'usb';
import type { UsbBackend, UsbDeviceHandle, UsbDeviceInfo, UsbInterfaceHandle } from './usb.ts';

const printerClass = 7;

function isPrinter(device: Device): boolean {
  try {
    return device.configDescriptor?.interfaces.some((alts) => alts.some((a) => a.bInterfaceClass === printerClass)) ?? false;
  } catch {
    return device.deviceDescriptor.bDeviceClass === printerClass;
  }
}

function interfaceHandle(iface: Interface): UsbInterfaceHandle {
  const out = iface.endpoints.find((e) => e.direction === 'out' && e.transferType === usb.LIBUSB_TRANSFER_TYPE_BULK) as OutEndpoint | undefined;
  const input = iface.endpoints.find((e) => e.direction === 'in' && e.transferType === usb.LIBUSB_TRANSFER_TYPE_BULK) as InEndpoint | undefined;
  return {
    isKernelDriverActive: () => iface.isKernelDriverActive(),
    detachKernelDriver: () => iface.detachKernelDriver(),
    attachKernelDriver: () => iface.attachKernelDriver(),
    claim: () => iface.claim(),
    release: () => new Promise<void>((resolve, reject) => iface.release(true, (error) => (error ? reject(error) : resolve()))),
    endpointOut: () =>
      out ? { transfer: (data) => new Promise<void>((resolve, reject) => out.transfer(data, (error) => (error ? reject(error) : resolve()))) } : null,
    endpointIn: () =>
      input
        ? {
            read: (length, timeoutMs) =>
              new Promise<Buffer>((resolve, reject) => {
                input.timeout = timeoutMs;
                input.transfer(length, (error, data) => {
                  if (error && error.errno === usb.LIBUSB_ERROR_TIMEOUT) resolve(Buffer.alloc(0));
                  else if (error) reject(error);
                  else resolve(data ?? Buffer.alloc(0));
                });
              }),
          }
        : null,
  };
}

function deviceHandle(device: Device): UsbDeviceHandle {
  return {
    open: () => device.open(),
    close: () => device.close(),
    serialNumber: () =>
      new Promise((resolve) => {
        const index = device.deviceDescriptor.iSerialNumber;
        if (!index) return resolve(null);
        device.getStringDescriptor(index, (error, value) => resolve(error ? null : (value ?? null)));
      }),
    printerInterface: () => {
      const interfaces = device.interfaces ?? [];
      const iface = interfaces.find((i) => i.descriptor.bInterfaceClass === printerClass) ?? interfaces[0];
      return iface ? interfaceHandle(iface) : null;
    },
  };
}

export const libusbBackend: UsbBackend = {
  list: (): UsbDeviceInfo[] =>
    getDeviceList().map((d) => ({
      vendorId: d.deviceDescriptor.idVendor,
      productId: d.deviceDescriptor.idProduct,
      busNumber: d.busNumber,
      deviceAddress: d.deviceAddress,
      isPrinter: isPrinter(d),
    })),
  find: (vendorId, productId) => getDeviceList().filter((d) => d.deviceDescriptor.idVendor === vendorId && d.deviceDescriptor.idProduct === productId).map(deviceHandle),
};
